package org.matricula.platform.registration;

import java.time.Clock;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.accounts.Profiles;
import org.matricula.platform.accounts.Scopes;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.families.Families;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers the declarations: the applicant's forms and private office, the staff's declaration
 * pages and API, and the registrations list with its CSV export.
 */
public final class RegistrationModule {

    private RegistrationModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Declarations declarations, Catalog catalog,
            Families families, Accounts accounts, Scopes scopes, Clock clock, Views views) {
        PrintableTemplates printables = new PrintableTemplates(jdbi);
        families.whenLive(printables::save);
        DeclarationPdfs pdfs = new DeclarationPdfs(families, printables,
                new DeclarationDocument(new DeclarationTemplates(), new PdfRenderer()));
        Documents documents = new Documents(jdbi);
        StaffDeclarations staff = new StaffDeclarations(declarations, scopes);
        AdminList list = DeclarationsList.adminList(jdbi, families, views, clock, scopes);
        views.navigation().add("declarations", "admin.nav.declarations", "/admin/declarations", 20, Navigation.STAFF);
        app.register(MultiPartFeature.class)
                .register(new ApplyPage(catalog, families, declarations, new Profiles(jdbi), views, accounts, clock))
                .register(new OfficePages(declarations, accounts, documents, pdfs, new DeclarationRecord(families), views))
                .register(new MyDeclarationsApi(declarations, catalog, pdfs, documents, accounts))
                .register(new AdminDeclarationPages(declarations, staff, documents, pdfs,
                        new DeclarationRecord(families), views))
                .register(new AdminDeclarationApi(declarations, staff, documents))
                .register(new DeclarationsListPages(list, new BulkStatusChange(declarations, staff), views))
                .register(new DeclarationsListApi(list));
    }
}
