package org.matricula.platform.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * The one Jackson configuration of the API: ISO dates, unknown fields refused so a typo in a
 * request is a clear 400 rather than silently ignored, and text that cannot be stored (NUL, say)
 * refused with the name of the field that holds it.
 */
public final class JsonMapper implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper = forRequestBodies();

    public static ObjectMapper create() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // A key sent twice is ambiguous input; refuse it rather than silently keep the last.
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * As {@link #create()}, and refusing text that cannot be stored. Only for what clients send:
     * documents already stored (outbox messages, leads taken) are read back as they were written.
     */
    public static ObjectMapper forRequestBodies() {
        return create().registerModule(StorableText.module());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
