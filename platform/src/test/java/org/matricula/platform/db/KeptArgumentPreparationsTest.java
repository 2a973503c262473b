package org.matricula.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.core.argument.NullArgument;
import org.jdbi.v3.core.argument.QualifiedArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.qualifier.QualifiedType;
import org.junit.jupiter.api.Test;

class KeptArgumentPreparationsTest {

    /** Prepares strings only, and counts how often it was asked. */
    private static final class CountingFactory implements QualifiedArgumentFactory.Preparable {

        final List<QualifiedType<?>> asked = new ArrayList<>();

        @Override
        public Optional<Function<Object, Argument>> prepare(QualifiedType<?> type, ConfigRegistry config) {
            asked.add(type);
            return type.getType() == String.class ? Optional.of(value -> new NullArgument(Types.VARCHAR))
                    : Optional.empty();
        }

        @Override
        public Optional<Argument> build(QualifiedType<?> type, Object value, ConfigRegistry config) {
            return Optional.empty();
        }
    }

    private final ConfigRegistry config = new ConfigRegistry();
    private final Arguments arguments = config.get(Arguments.class);
    private final CountingFactory counting = new CountingFactory();

    private KeptArgumentPreparations kept() {
        arguments.register(counting);
        KeptArgumentPreparations kept = new KeptArgumentPreparations(arguments);
        arguments.register(kept);
        return kept;
    }

    @Test
    void theFactoriesAreAskedOncePerTypeWhateverTheCopyOfTheConfiguration() {
        KeptArgumentPreparations kept = kept();
        QualifiedType<String> text = QualifiedType.of(String.class);
        Function<Object, Argument> first = kept.prepare(text, config.createCopy()).orElseThrow();
        Function<Object, Argument> again = kept.prepare(text, config.createCopy()).orElseThrow();
        assertSame(first, again);
        assertEquals(List.of(text), counting.asked);
    }

    @Test
    void aTypeNoFactoryPreparesIsLeftToTheOthersAndNotAskedAgain() {
        KeptArgumentPreparations kept = kept();
        QualifiedType<Thread> unpreparable = QualifiedType.of(Thread.class);
        assertTrue(kept.prepare(unpreparable, config).isEmpty());
        assertTrue(kept.prepare(unpreparable, config).isEmpty());
        assertEquals(1, counting.asked.size());
        assertTrue(kept.build(unpreparable, Thread.currentThread(), config).isEmpty());
    }

    @Test
    void aStatementsCopyOfTheArgumentsAsksTheKeptAnswerFirst() {
        kept();
        QualifiedType<String> text = QualifiedType.of(String.class);
        config.createCopy().get(Arguments.class).prepareFor(text).orElseThrow();
        config.createCopy().get(Arguments.class).prepareFor(text).orElseThrow();
        assertEquals(1, counting.asked.size());
    }
}
