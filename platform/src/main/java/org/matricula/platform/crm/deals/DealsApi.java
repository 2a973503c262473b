package org.matricula.platform.crm.deals;

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
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;

/** Deals for API clients of the administration: list, create, move, seats, and programs' automatic enrolment. */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/api/v1/crm/deals")
@Produces(MediaType.APPLICATION_JSON)
public final class DealsApi {

    private final Deals deals;
    private final Contracts contracts;

    public DealsApi(Deals deals, Contracts contracts) {
        this.deals = deals;
        this.contracts = contracts;
    }

    @GET
    public Map<String, Object> list(@QueryParam("kind") String kind, @QueryParam("limit") Integer limit,
            @Context ContainerRequestContext request) {
        String wanted = kind == null || kind.isBlank() ? null : kind.strip().toUpperCase(Locale.ROOT);
        return Map.of("deals", deals.list(wanted, limit == null ? 500 : limit, Language.of(request)).stream()
                .map(DealsApi::json).toList());
    }

    public record DealInput(Long organizationId, Long programId, String title, Object seats, Object pricePerSeat,
            String expectedClose, Object probability, String managerId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> create(DealInput input, @Context ContainerRequestContext request) {
        DealInput given = input == null ? new DealInput(null, null, null, null, null, null, null, null) : input;
        return json(deals.create(new Deals.Input(given.organizationId(), given.programId(), given.title(),
                text(given.seats()), text(given.pricePerSeat()), given.expectedClose(), text(given.probability()),
                given.managerId()), actor(request), Language.of(request)));
    }

    @GET
    @Path("{id}")
    public Map<String, Object> one(@PathParam("id") long id, @Context ContainerRequestContext request) {
        Map<String, Object> deal = json(deals.deal(id, Language.of(request)));
        deal.put("moves", deals.moves(id).stream().map(move -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", move.from() == null ? null : move.from().name());
            row.put("to", move.to().name());
            row.put("reason", move.reason());
            row.put("actorId", move.actorId());
            row.put("at", move.at().toString());
            return row;
        }).toList());
        deal.put("seatList", deals.seats(id).stream().map(seat -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("email", seat.email());
            row.put("declarationId", seat.declarationId());
            row.put("via", seat.via());
            return row;
        }).toList());
        return deal;
    }

    public record MoveInput(String stage, String reason) {
    }

    @POST
    @Path("{id}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> move(@PathParam("id") long id, MoveInput input,
            @Context ContainerRequestContext request) {
        MoveInput given = input == null ? new MoveInput(null, null) : input;
        return json(deals.move(id, given.stage(), given.reason(), actor(request), Language.of(request)));
    }

    public record SeatsInput(List<String> emails) {
    }

    @POST
    @Path("{id}/seats")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> seats(@PathParam("id") long id, SeatsInput input,
            @Context ContainerRequestContext request) {
        String text = input == null || input.emails() == null ? "" : String.join("\n", input.emails());
        int added = deals.addEmails(id, text, Language.of(request));
        Map<String, Object> answer = json(deals.deal(id, Language.of(request)));
        answer.put("added", added);
        return answer;
    }

    public record ProgramSetting(Boolean autoEnrol, Boolean requiresOffer, Boolean requiresFirstInstalment) {
    }

    @POST
    @Path("programs/{programId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> program(@PathParam("programId") long program, ProgramSetting setting,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        if (setting == null || setting.autoEnrol() == null && setting.requiresOffer() == null
                && setting.requiresFirstInstalment() == null) {
            throw InvalidInputException.field("autoEnrol", Messages.text(locale, "deals.autoEnrolRequired"));
        }
        if (setting.autoEnrol() != null) {
            deals.setAutoEnrol(program, setting.autoEnrol(), locale);
        }
        if (setting.requiresOffer() != null || setting.requiresFirstInstalment() != null) {
            contracts.require(program, Boolean.TRUE.equals(setting.requiresOffer()),
                    Boolean.TRUE.equals(setting.requiresFirstInstalment()), locale);
        }
        return Map.of("programId", program, "autoEnrol", deals.autoEnrol(program));
    }

    static UUID actor(ContainerRequestContext request) {
        return CurrentUser.of(request).map(CurrentUser::id).orElse(null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static Map<String, Object> json(Deals.Deal deal) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", deal.id());
        json.put("kind", deal.kind());
        json.put("title", deal.title());
        json.put("stage", deal.stage().name());
        json.put("personId", deal.personId());
        json.put("organizationId", deal.organizationId());
        json.put("organization", deal.organizationName());
        json.put("declarationId", deal.declarationId());
        json.put("programId", deal.programId());
        json.put("program", deal.programName());
        json.put("seats", deal.seats());
        json.put("seatsUsed", deal.seatsUsed());
        json.put("pricePerSeat", deal.pricePerSeat());
        json.put("amount", deal.amount());
        json.put("expectedClose", deal.expectedClose() == null ? null : deal.expectedClose().toString());
        json.put("probability", deal.probability());
        json.put("managerId", deal.managerId());
        json.put("lostReason", deal.lostReason());
        json.put("invoiceId", deal.invoiceId());
        json.put("invoiceNumber", deal.invoiceNumber());
        json.put("enrolmentCode", deal.enrolmentCode());
        json.put("closedAt", deal.closedAt() == null ? null : deal.closedAt().toString());
        return json;
    }
}
