package org.matricula.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.Function;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;

/**
 * Gives resource methods their {@code @Context ContainerRequestContext}, {@code HttpHeaders} and
 * {@code UriInfo} parameters straight from the request being processed. Jersey's own provider
 * resolves each through HK2's request scope on every call (an injectee built, a factory looked up,
 * the request-scoped instance found), about 6% of a form view's request thread; the objects are
 * the same: the request is its own headers, and its URI information is its routing context.
 * Every other {@code @Context} type is left to Jersey.
 */
public final class RequestContextParams implements ValueParamProvider {

    @Override
    public Function<ContainerRequest, ?> getValueProvider(Parameter parameter) {
        if (parameter.getSource() != Parameter.Source.CONTEXT) {
            return null;
        }
        Class<?> type = parameter.getRawType();
        if (type == ContainerRequestContext.class || type == HttpHeaders.class || type == ContainerRequest.class) {
            return Function.identity();
        }
        if (type == UriInfo.class) {
            return ContainerRequest::getUriInfo;
        }
        return null;
    }

    /** Ahead of Jersey's providers, which are consulted from the highest priority down. */
    @Override
    public PriorityType getPriority() {
        return Priority.HIGH;
    }

    /** What a {@code ResourceConfig} registers to have Jersey consult this provider. */
    public static AbstractBinder binder() {
        return new AbstractBinder() {
            @Override
            protected void configure() {
                bind(new RequestContextParams()).to(ValueParamProvider.class);
            }
        };
    }
}
