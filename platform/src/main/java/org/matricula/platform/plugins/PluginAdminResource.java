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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.matricula.platform.http.Roles;

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

    @POST
    @BodyLimit(megabytes = 101) // the upload checks its own limit of 100 MB and says so
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM, "application/zip"})
    public Response install(@QueryParam("fileName") String fileName, InputStream jar) {
        PluginInfo installed = plugins.install(fileName, jar);
        return Response.created(URI.create("/api/v1/admin/plugins/" + installed.id())).entity(installed).build();
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

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id) {
        plugins.remove(id);
        return Response.noContent().build();
    }
}
