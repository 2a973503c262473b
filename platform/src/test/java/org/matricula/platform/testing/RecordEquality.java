package org.matricula.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Checks a record's hand-written {@code equals} and {@code hashCode} against what the record's own
 * would do: equal exactly when every component is equal.
 */
public final class RecordEquality {

    private RecordEquality() {
    }

    /**
     * {@code one} and {@code other} must differ in every component: each copy of {@code one} with a
     * single component taken from {@code other} must differ from it, and a copy of {@code one} with
     * equal components must equal it, with the same hash.
     */
    public static <R extends Record> void assertComparedByEveryComponent(R one, R other) {
        try {
            RecordComponent[] components = one.getClass().getRecordComponents();
            Constructor<?> canonical = one.getClass().getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                components[i].getAccessor().setAccessible(true);
                values[i] = copied(components[i].getAccessor().invoke(one));
            }
            Object copy = canonical.newInstance(values);
            assertEquals(one, copy);
            assertEquals(one.hashCode(), copy.hashCode());
            for (int i = 0; i < components.length; i++) {
                Object[] changed = values.clone();
                changed[i] = components[i].getAccessor().invoke(other);
                assertNotEquals(one, canonical.newInstance(changed), "differing only in " + components[i].getName());
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** An equal value that is not the same object, where one can be made. */
    private static Object copied(Object value) {
        return value instanceof String text ? new String(text) : value;
    }
}
