package org.matricula.platform.crm.xapi;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Names the xAPI version in {@code X-Experience-API-Version} on every answer of the xAPI routes,
 * as the specification asks; apart from {@link LmsClientFilter}, as {@code /xapi/about} needs no
 * credentials but answers with the version too.
 */
@XapiVersioned
final class XapiVersionHeader implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(LmsClientFilter.VERSION_HEADER, LmsClientFilter.VERSION);
    }
}
