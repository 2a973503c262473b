package org.matricula.platform.crm.admin;

import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.crm.timeline.Tasks;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/** "My tasks": the open tasks assigned to the signed-in CRM user, overdue first; done and undone from here. */
@Path("/admin/tasks")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
public final class TaskPages {

    private final Tasks tasks;
    private final Views views;

    public TaskPages(Tasks tasks, Views views) {
        this.tasks = tasks;
        this.views = views;
    }

    @GET
    public String mine(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        List<Map<String, Object>> open = tasks.openOf(user.id()).stream().map(task -> view(task, locale)).toList();
        return views.render("crm/tasks", Page.of(Messages.text(locale, "crm.tasks.title"), locale, user)
                .with("open", open).with("openCount", open.size())
                .with("overdueCount", open.stream().filter(task -> Boolean.TRUE.equals(task.get("overdue"))).count())
                .with("done", tasks.recentlyDoneBy(user.id()).stream().map(task -> view(task, locale)).toList())
                .scope());
    }

    @POST
    @Path("{task: [0-9]+}/done")
    public Response done(@PathParam("task") long task, @Context ContainerRequestContext request) {
        tasks.completeMine(SignedIn.user(request).id(), task);
        Flash.put(request, "flash.crm.taskDone");
        return Response.seeOther(URI.create("/admin/tasks")).build();
    }

    @POST
    @Path("{task: [0-9]+}/undo")
    public Response undo(@PathParam("task") long task, @Context ContainerRequestContext request) {
        tasks.reopenMine(SignedIn.user(request).id(), task);
        Flash.put(request, "flash.crm.taskReopened");
        return Response.seeOther(URI.create("/admin/tasks")).build();
    }

    static Map<String, Object> view(Tasks.Task task, Locale locale) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.id());
        view.put("title", task.title());
        view.put("personId", task.personId());
        view.put("person", task.person());
        view.put("assignee", task.assignee());
        view.put("due", task.dueAt() == null ? "" : TimeDisplay.dateTime(locale, task.dueAt()));
        view.put("remind", task.remindAt() == null ? "" : TimeDisplay.dateTime(locale, task.remindAt()));
        view.put("reminded", task.remindedAt() != null);
        view.put("overdue", task.overdue());
        view.put("done", task.done());
        view.put("doneAt", task.doneAt() == null ? "" : TimeDisplay.dateTime(locale, task.doneAt()));
        return view;
    }
}
