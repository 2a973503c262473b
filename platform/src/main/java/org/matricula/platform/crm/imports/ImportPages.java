package org.matricula.platform.crm.imports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The import of persons from CSV in the administration: upload, the columns mapped (guessed from
 * the headers), a dry run listing each row's problems, the import in the background with its
 * progress (a fragment htmx polls; a plain refresh without JavaScript), the summary, and the undo
 * with its confirmation step.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/crm/imports")
@Produces(MediaType.TEXT_HTML)
public final class ImportPages {

    private static final int FILE_LIMIT = 10 * 1024 * 1024;
    private static final int SKIPS_SHOWN = 500;

    private final PersonImports imports;
    private final Views views;

    public ImportPages(PersonImports imports, Views views) {
        this.imports = imports;
        this.views = views;
    }

    @GET
    public String list(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return listPage(Map.of(), SignedIn.user(request), Language.of(lang, headers));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormDataParam("file") InputStream file,
            @FormDataParam("file") FormDataContentDisposition disposition) throws IOException {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        try {
            byte[] content = file == null ? null : file.readNBytes(FILE_LIMIT + 1);
            if (content != null && content.length > FILE_LIMIT) {
                throw InvalidInputException.field("file", Messages.text(locale, "crm.import.error.tooLarge"));
            }
            PersonImports.Import created = imports.upload(content,
                    disposition == null ? "" : disposition.getFileName(), user.id(), locale);
            Flash.put(request, "flash.importUploaded");
            return Response.seeOther(URI.create("/admin/crm/imports/" + created.id())).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(listPage(
                    FormValues.errorsByField(refused.errors()), user, locale)).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private String listPage(Map<String, String> errors, CurrentUser user, Locale locale) {
        return views.render("crm/imports", Page.of(Messages.text(locale, "crm.import.title"), locale, user)
                .with("imports", imports.latest(50).stream().map(found -> Map.of("id", found.id(), "file",
                        found.fileName(), "state", Messages.text(locale, "crm.import.state." + found.state()),
                        "created", found.created(), "matched", found.matched(), "skipped", found.skipped(),
                        "at", TimeDisplay.dateTime(locale, found.createdAt()))).toList())
                .with("errors", errors).with("invalid", !errors.isEmpty()).scope());
    }

    @GET
    @Path("{id: [0-9]+}")
    public String show(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return page(imports.require(id), null, Map.of(), SignedIn.user(request), Language.of(lang, headers));
    }

    /** Saves the mapping and runs the dry run: nothing is written but the mapping. */
    @POST
    @Path("{id: [0-9]+}/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response check(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        PersonImports.Import found = imports.require(id);
        List<String> mapping = new ArrayList<>();
        for (int i = 0; i < found.headers().size(); i++) {
            String value = posted.getFirst("col" + i);
            mapping.add(value == null ? "" : value);
        }
        try {
            PersonImports.Import mapped = imports.map(id, mapping, locale);
            return Response.ok(page(mapped, imports.dryRun(id), Map.of(), user, locale)).build();
        } catch (InvalidInputException refused) {
            PersonImports.Import shown = new PersonImports.Import(found.id(), found.fileName(), found.charset(),
                    found.delimiter(), found.headers(), mapping, found.state(), found.totalRows(), found.doneRows(),
                    found.created(), found.matched(), found.skipped(), found.createdAt(), found.finishedAt(),
                    found.undoneAt(), found.failure());
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(page(shown, null,
                    FormValues.errorsByField(refused.errors()), user, locale)).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @POST
    @Path("{id: [0-9]+}/start")
    public Response start(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        try {
            imports.start(id, locale);
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(page(imports.require(id), null,
                    FormValues.errorsByField(refused.errors()), SignedIn.user(request), locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
        Flash.put(request, "flash.importStarted");
        return Response.seeOther(URI.create("/admin/crm/imports/" + id)).build();
    }

    /** The progress bar alone, for htmx to poll; it stops polling once the import is done. */
    @GET
    @Path("{id: [0-9]+}/progress")
    public String progress(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return views.render("crm/import-progress", Page.of("", locale, SignedIn.user(request))
                .with("i", view(imports.require(id), locale)).scope());
    }

    @GET
    @Path("{id: [0-9]+}/undo")
    public String confirmUndo(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        PersonImports.Import found = imports.require(id);
        return views.render("crm/import-undo", Page.of(Messages.text(locale, "crm.import.undoTitle", found.fileName()),
                locale, SignedIn.user(request)).with("i", view(found, locale))
                .with("figures", imports.undoFigures(id)).scope());
    }

    @POST
    @Path("{id: [0-9]+}/undo")
    public Response undo(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        imports.undo(id, Language.of(lang, headers));
        Flash.put(request, "flash.importUndone");
        return Response.seeOther(URI.create("/admin/crm/imports/" + id)).build();
    }

    private String page(PersonImports.Import found, PersonImports.DryRun dryRun, Map<String, String> errors,
            CurrentUser user, Locale locale) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (int i = 0; i < found.headers().size(); i++) {
            String chosen = i < found.mapping().size() ? found.mapping().get(i) : "";
            List<Map<String, Object>> options = new ArrayList<>();
            for (ImportField field : ImportField.values()) {
                options.add(Map.of("code", field.code(), "label", field.label(locale), "selected",
                        field.code().equals(chosen)));
            }
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("index", i);
            column.put("header", found.headers().get(i).isBlank() ? "#" + (i + 1) : found.headers().get(i));
            column.put("options", options);
            column.put("ignored", chosen.isEmpty());
            column.put("error", errors.get("col" + i));
            columns.add(column);
        }
        Page page = Page.of(Messages.text(locale, "crm.import.one", found.fileName()), locale, user)
                .with("i", view(found, locale))
                .with("columns", columns)
                .with("errors", errors).with("invalid", !errors.isEmpty())
                .with("errorList", errors.entrySet().stream().map(error -> Map.of("field", error.getKey(), "message",
                        error.getValue())).toList());
        if (dryRun != null) {
            page.with("dryRun", Map.of("rows", dryRun.rows(), "valid", dryRun.valid(), "invalid", dryRun.invalid(),
                    "listed", dryRun.listed().stream().map(row -> Map.of("line", row.line(), "problems",
                            row.problems().stream().map(problem -> problem(problem.field(), problem.reason(), locale))
                                    .toList())).toList(),
                    "hasListed", !dryRun.listed().isEmpty(), "more", dryRun.invalid() > dryRun.listed().size()));
        }
        if (found.state().equals("DONE") || found.state().equals("UNDONE") || found.state().equals("FAILED")) {
            List<PersonImports.Skip> skips = imports.skips(found.id(), SKIPS_SHOWN);
            List<PersonImports.Kept> kept = imports.kept(found.id());
            page.with("skips", skips.stream().map(skip -> Map.of("row", skip.row(),
                    "problem", problem(skip.field(), skip.reason(), locale))).toList()).with("hasSkips", !skips.isEmpty());
            page.with("kept", kept.stream().map(person -> Map.of("id", person.id(), "name", person.name())).toList())
                    .with("hasKept", !kept.isEmpty());
        }
        return views.render("crm/import", page.scope());
    }

    private static String problem(String field, String reason, Locale locale) {
        String text = Messages.text(locale, reason);
        return field.isEmpty() ? text : ImportField.of(field).map(known -> known.label(locale) + ": " + text)
                .orElse(text);
    }

    private static Map<String, Object> view(PersonImports.Import found, Locale locale) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", found.id());
        view.put("file", found.fileName());
        view.put("charset", found.charset());
        view.put("delimiter", switch (found.delimiter()) {
            case ";" -> Messages.text(locale, "crm.import.delimiter.semicolon");
            case "\t" -> Messages.text(locale, "crm.import.delimiter.tab");
            default -> Messages.text(locale, "crm.import.delimiter.comma");
        });
        view.put("state", found.state());
        view.put("stateText", Messages.text(locale, "crm.import.state." + found.state()));
        view.put("mapping", found.state().equals("MAPPING"));
        view.put("running", found.state().equals("QUEUED") || found.state().equals("RUNNING"));
        view.put("done", found.state().equals("DONE"));
        view.put("undone", found.state().equals("UNDONE"));
        view.put("finished", found.state().equals("DONE") || found.state().equals("UNDONE"));
        view.put("failed", found.state().equals("FAILED"));
        view.put("failure", found.failure());
        view.put("total", found.totalRows());
        view.put("doneRows", found.doneRows());
        view.put("percent", found.percent());
        view.put("created", found.created());
        view.put("matched", found.matched());
        view.put("skipped", found.skipped());
        view.put("at", TimeDisplay.dateTime(locale, found.createdAt()));
        view.put("finishedAt", TimeDisplay.dateTime(locale, found.finishedAt()));
        view.put("undoneAt", TimeDisplay.dateTime(locale, found.undoneAt()));
        return view;
    }
}
