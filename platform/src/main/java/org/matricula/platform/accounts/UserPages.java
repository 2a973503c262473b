package org.matricula.platform.accounts;

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
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * A user's page in the administration, reached from the users list (which searches them): the
 * account and a form giving it a role, with its projects (project admins) or organization
 * (coordinators). Taking a role away is giving the applicant role back.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/users/{id: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}")
public final class UserPages {

    private final StaffRoles roles;
    private final Views views;

    public UserPages(StaffRoles roles, Views views) {
        this.roles = roles;
        this.views = views;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String show(@PathParam("id") UUID id, @Context ContainerRequestContext request,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        CurrentUser admin = AdminAccess.admin(request);
        Locale locale = Language.of(lang, headers);
        StaffRoles.Current current = roles.current(id);
        return page(admin, current, current.role(), Set.copyOf(current.projects()), current.organization(), Map.of(),
                locale);
    }

    @POST
    @Path("role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response assign(@PathParam("id") UUID id, @Context ContainerRequestContext request,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        CurrentUser admin = AdminAccess.writingAdmin(request, form.getFirst(AdminAccess.CSRF_FIELD));
        Locale locale = Language.of(lang, headers);
        StaffRoles.Current current = roles.current(id);
        String role = form.getFirst("role") == null ? "" : form.getFirst("role");
        String organization = form.getFirst("organization") == null ? "" : form.getFirst("organization");
        List<Long> projects = new ArrayList<>();
        try {
            for (String project : form.getOrDefault("projects", List.of())) {
                projects.add(Long.parseLong(project.strip()));
            }
            roles.assign(id, new StaffRoles.Assignment(role, projects, organization), locale);
            return Response.seeOther(URI.create("/admin/users/" + id)).build();
        } catch (NumberFormatException e) {
            return refused(admin, current, role, projects, organization,
                    Map.of("projects", Messages.text(locale, "accounts.roles.projects")), locale);
        } catch (InvalidInputException refused) {
            return refused(admin, current, role, projects, organization, FormValues.errorsByField(refused.errors()),
                    locale);
        }
    }

    private Response refused(CurrentUser admin, StaffRoles.Current current, String role, List<Long> projects,
            String organization, Map<String, String> errors, Locale locale) {
        return Response.status(InvalidInputException.UNPROCESSABLE).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page(admin, current, role, Set.copyOf(projects), organization, errors, locale)).build();
    }

    private String page(CurrentUser admin, StaffRoles.Current current, String role, Set<Long> projects,
            String organization, Map<String, String> errors, Locale locale) {
        List<Map<String, Object>> roleOptions = Arrays.stream(CurrentUser.Role.values()).map(option -> Map.<String, Object>of(
                "code", option.name(), "label", Messages.text(locale, "role." + option.name()),
                "selected", option.name().equals(role))).toList();
        List<Map<String, Object>> projectOptions = roles.projects(locale).stream().map(project -> {
            Map<String, Object> option = new HashMap<>();
            option.put("id", project.id());
            option.put("name", project.name());
            option.put("checked", projects.contains(project.id()));
            return option;
        }).toList();
        Page page = Page.of(current.email(), locale, admin)
                .with("account", current)
                .with("roleLabel", Messages.text(locale, "role." + current.role()))
                .with("roles", roleOptions).with("projects", projectOptions).with("anyProjects", !projectOptions.isEmpty())
                .with("organization", organization)
                .with("errors", errors).with("invalid", !errors.isEmpty());
        return views.render("admin/user", page.scope());
    }
}
