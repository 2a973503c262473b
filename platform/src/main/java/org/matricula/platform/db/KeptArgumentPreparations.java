package org.matricula.platform.db;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.core.argument.QualifiedArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.qualifier.QualifiedType;

/**
 * Remembers, per type of bound value, how Jdbi's argument factories bind it. Jdbi decides that once
 * per type in each copy of its configuration, and every statement works on a fresh copy: each bound
 * value asked every factory in turn again, which cost more CPU than executing the statement (the
 * form page's two queries, five values; a lead, twenty). Registered first, this factory answers
 * from what the others said the first time.
 *
 * <p>The platform configures its arguments once, on its {@link org.jdbi.v3.core.Jdbi}; a handle or
 * statement registering its own argument factory would not be asked for a type already kept.
 */
final class KeptArgumentPreparations implements QualifiedArgumentFactory.Preparable {

    private final Arguments arguments;
    private final Map<QualifiedType<?>, Optional<Function<Object, Argument>>> kept = new ConcurrentHashMap<>();

    KeptArgumentPreparations(Arguments arguments) {
        this.arguments = arguments;
    }

    @Override
    public Optional<Function<Object, Argument>> prepare(QualifiedType<?> type, ConfigRegistry config) {
        Optional<Function<Object, Argument>> known = kept.get(type);
        if (known != null) {
            return known;
        }
        Optional<Function<Object, Argument>> prepared = Optional.empty();
        for (QualifiedArgumentFactory factory : arguments.getFactories()) {
            if (factory != this && factory instanceof QualifiedArgumentFactory.Preparable preparable) {
                prepared = preparable.prepare(type, config);
                if (prepared.isPresent()) {
                    break;
                }
            }
        }
        kept.put(type, prepared);
        return prepared;
    }

    @Override
    public Optional<Argument> build(QualifiedType<?> type, Object value, ConfigRegistry config) {
        // values bound without preparation go to the other factories, as they would without this one
        return Optional.empty();
    }
}
