package org.matricula.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.matricula.platform.web.ForbiddenCharacters;

/**
 * Refuses, while a JSON body is read, strings holding characters that PostgreSQL text or an XML
 * document cannot hold ({@link ForbiddenCharacters}). Refused here, the client is told
 * which field holds one ({@link JsonBodyProblems}); stored, it would fail deep in a statement,
 * with nothing to say where it came from.
 */
final class StorableText {

    private StorableText() {
    }

    /** The module that checks every string value and map key read from JSON. */
    static SimpleModule module() {
        return new SimpleModule("storable-text")
                .addDeserializer(String.class, new Values())
                .addKeyDeserializer(String.class, new Keys());
    }

    /** The exception that names the field; its message is never shown, only its path. */
    static final class Unstorable extends JsonMappingException {
        Unstorable(JsonParser parser) {
            super(parser, "The text contains a character that cannot be stored");
        }
    }

    private static final class Values extends StdScalarDeserializer<String> {
        Values() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && ForbiddenCharacters.in(text)) {
                throw new Unstorable(parser);
            }
            return text;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    private static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (key != null && ForbiddenCharacters.in(key)) {
                throw new Unstorable(context.getParser());
            }
            return key;
        }
    }
}
