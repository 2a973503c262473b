package org.matricula.platform.plugins;

import org.matricula.platform.http.BodyLimit;
import org.matricula.platform.errors.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/** Plugin administration at runtime: list, install or upgrade, enable, disable, reload, remove. */
@RolesAllowed({Roles.ADMIN, Roles.AUTOMATION})
@Path("/api/v1/admin/plugins")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginAdminResource {

    private final PluginService plugins;

    public PluginAdminResource(PluginService plugins) {
        this.plugins = plugins;
    }

    @GET
    public List<PluginInfo> list() {
        return plugins.list();
    }

    @GET
    @Path("/{id}")
    public PluginInfo one(@PathParam("id") String id) {
        return plugins.list().stream().filter(info -> info.id().equals(id)).findFirst()
                .orElseThrow(() -> NotFoundException.localized("refusal.plugin.missing", id));
    }

    /**
     * 201 with the plugin when a new one is installed, 200 when an upgrade took (or the file was
     * the one installed); 422 with the reason when the file was refused or the upgrade rolled back,
     * while the version that was installed stays listed.
     */
    @POST
    @BodyLimit(megabytes = 101) // the upload checks its own limit of 100 MB and says so
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM, "application/zip"})
    public Response install(@QueryParam("fileName") String fileName, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, InputStream jar) {
        PluginService.Installation installation = plugins.install(fileName, jar);
        if (!installation.took()) {
            throw new InvalidInputException(refusal(installation, Language.of(lang, headers)), List.of());
        }
        PluginInfo installed = installation.plugin();
        return installation.upgrade() ? Response.ok(installed).build()
                : Response.created(URI.create("/api/v1/admin/plugins/" + installed.id())).entity(installed).build();
    }

    /** Why an upload did not take, for an admin: what stays installed, in their language, then the technical reason. */
    static String refusal(PluginService.Installation installation, Locale locale) {
        PluginInfo plugin = installation.plugin();
        return installation.upgrade()
                ? Messages.text(locale, "refusal.plugin.upgradeRefused", plugin.id(), installation.version(),
                        plugin.version(), installation.refusal())
                : Messages.text(locale, "refusal.plugin.notInstalled", plugin.id(), installation.version(),
                        installation.refusal());
    }

    @POST
    @Path("/{id}/enable")
    public PluginInfo enable(@PathParam("id") String id) {
        return plugins.enable(id);
    }

    @POST
    @Path("/{id}/disable")
    public PluginInfo disable(@PathParam("id") String id) {
        return plugins.disable(id);
    }

    @POST
    @Path("/{id}/reload")
    public PluginInfo reload(@PathParam("id") String id) {
        return plugins.reload(id);
    }

    /** Also forgets a plugin listed only for its refused files; those files stay in {@code plugins/refused/}. */
    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id) {
        plugins.remove(id);
        return Response.noContent().build();
    }
}
