package org.matricula.platform.catalog;

/**
 * A course with an optional number of places; for a limited program {@code taken} counts the
 * declarations holding one (it is recounted whenever the program is edited).
 */
public record Program(long id, String code, String name, String description, boolean active, Integer places,
        boolean waitlist, int taken) {

    /** Places still free, or {@code null} when the program is not limited. */
    public Integer placesLeft() {
        return places == null ? null : Math.max(0, places - taken);
    }

    public boolean isFull() {
        return places != null && taken >= places;
    }

    /** Whether a new declaration can be made now (a full program with a waitlist still takes them). */
    public boolean isOpen() {
        return active && (!isFull() || waitlist);
    }
}
