package org.matricula.platform.crm.deals;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** An applicant takes a seat their organization paid for, with the deal's enrolment code, for one of their declarations. */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/api/v1/me/deals")
@Produces(MediaType.APPLICATION_JSON)
public final class EnrolmentCodeApi {

    private final Deals deals;
    private final Contracts contracts;

    public EnrolmentCodeApi(Deals deals, Contracts contracts) {
        this.deals = deals;
        this.contracts = contracts;
    }

    /** The public offer for one of the applicant's declarations, as PDF. */
    @GET
    @Path("offer/{declarationId}")
    @Produces("application/pdf")
    public Response offer(@PathParam("declarationId") String declarationId, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        UUID declaration = declaration(declarationId, locale);
        return Response.ok(contracts.offer(SignedIn.apiUser(request).id(), declaration, locale), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"offer.pdf\"").build();
    }

    /** The applicant accepts the public offer for their declaration (once; the time and the offer's version are kept). */
    @POST
    @Path("offer/{declarationId}/accept")
    public Map<String, Object> accept(@PathParam("declarationId") String declarationId,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        UUID declaration = declaration(declarationId, locale);
        int version = contracts.accept(SignedIn.apiUser(request).id(), declaration, locale);
        return Map.of("declarationId", declaration, "accepted", true, "version", version);
    }

    public record CodeInput(String declarationId, String code) {
    }

    @POST
    @Path("enrolment-code")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> claim(CodeInput input, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        UUID declaration = declaration(input == null ? null : input.declarationId(), locale);
        Deals.Deal deal = deals.claim(SignedIn.apiUser(request).id(), declaration, input.code(), locale);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("declarationId", declaration);
        answer.put("organization", deal.organizationName());
        answer.put("program", deal.programName());
        return answer;
    }

    static UUID declaration(String given, Locale locale) {
        try {
            return UUID.fromString(given == null ? "" : given.strip());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("declarationId", Messages.text(locale, "deals.declarationRequired"));
        }
    }
}
