package org.matricula.platform.plugins;

import org.matricula.platform.http.BodyLimit;
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
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * The plugins screen of the administration: every plugin with its state, version and why it
 * failed, and forms to upload, enable, disable, reload and (after a confirmation page) remove one.
 * Each form posts its CSRF token as a hidden field; the upload's comes first in its body.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/plugins")
public final class PluginPages {

    private static final String BACK = "/admin/plugins";

    private final PluginService plugins;
    private final Views views;

    public PluginPages(PluginService plugins, Views views) {
        this.plugins = plugins;
        this.views = views;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String list(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        CurrentUser admin = AdminAccess.admin(request);
        Locale locale = Language.of(lang, headers);
        List<Map<String, Object>> shown = plugins.list().stream().map(info -> view(info, locale)).toList();
        return views.render("admin/plugins", Page.of(Messages.text(locale, "admin.plugins.title"), locale, admin)
                .with("plugins", shown).with("anyPlugins", !shown.isEmpty()).scope());
    }

    @POST
    @BodyLimit(megabytes = 101)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @FormDataParam(AdminAccess.CSRF_FIELD) String csrf,
            @FormDataParam("jar") InputStream jar, @FormDataParam("jar") FormDataContentDisposition file) {
        AdminAccess.writingAdmin(request, csrf);
        Locale locale = Language.of(lang, headers);
        if (jar == null || file == null || file.getFileName() == null || file.getFileName().isBlank()) {
            throw InvalidInputException.field("jar", Messages.text(locale, "admin.plugins.chooseFile"));
        }
        PluginService.Installation installation = plugins.install(file.getFileName(), jar);
        // the list shows the reason, as the plugin's problem or its last upgrade's
        Flash.put(request, installation.took() ? "flash.plugins.installed" : "flash.error.plugins.notInstalled");
        return back();
    }

    @POST
    @Path("{id}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") String id, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> form) {
        AdminAccess.writingAdmin(request, form.getFirst(AdminAccess.CSRF_FIELD));
        plugins.enable(known(id));
        return back();
    }

    @POST
    @Path("{id}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@PathParam("id") String id, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> form) {
        AdminAccess.writingAdmin(request, form.getFirst(AdminAccess.CSRF_FIELD));
        plugins.disable(known(id));
        return back();
    }

    @POST
    @Path("{id}/reload")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reload(@PathParam("id") String id, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> form) {
        AdminAccess.writingAdmin(request, form.getFirst(AdminAccess.CSRF_FIELD));
        plugins.reload(known(id));
        return back();
    }

    /** The confirmation page of a removal: it names the plugin and asks again, without JavaScript. */
    @GET
    @Path("{id}/remove")
    @Produces(MediaType.TEXT_HTML)
    public String confirmRemoval(@PathParam("id") String id, @Context ContainerRequestContext request,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        CurrentUser admin = AdminAccess.admin(request);
        Locale locale = Language.of(lang, headers);
        PluginInfo info = find(id);
        return views.render("admin/plugin-remove", Page.of(Messages.text(locale, "admin.plugins.removeTitle",
                info.id()), locale, admin).with("plugin", view(info, locale)).scope());
    }

    @POST
    @Path("{id}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("id") String id, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> form) {
        AdminAccess.writingAdmin(request, form.getFirst(AdminAccess.CSRF_FIELD));
        plugins.remove(known(id));
        return back();
    }

    private String known(String id) {
        return find(id).id();
    }

    private PluginInfo find(String id) {
        return plugins.list().stream().filter(info -> info.id().equals(id)).findFirst()
                .orElseThrow(() -> NotFoundException.localized("refusal.plugin.missing", id));
    }

    private static Map<String, Object> view(PluginInfo info, Locale locale) {
        Map<String, Object> view = new HashMap<>();
        view.put("id", info.id());
        view.put("version", info.version());
        view.put("state", stateName(info.state(), locale));
        view.put("stateCode", info.state() == null ? "" : info.state().toLowerCase(Locale.ROOT));
        view.put("started", "STARTED".equals(info.state()));
        view.put("disabled", "DISABLED".equals(info.state()));
        view.put("description", info.description());
        view.put("requires", info.requires());
        view.put("file", info.file());
        view.put("failureReason", info.failureReason());
        view.put("lastError", info.lastError());
        return view;
    }

    private static String stateName(String state, Locale locale) {
        String key = "admin.plugins.state." + state;
        return state != null && Messages.keys(locale).contains(key) ? Messages.text(locale, key) : state;
    }

    private static Response back() {
        return Response.seeOther(URI.create(BACK)).build();
    }
}
