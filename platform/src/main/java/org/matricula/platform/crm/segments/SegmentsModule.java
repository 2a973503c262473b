package org.matricula.platform.crm.segments;

import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers segments: saved filters over persons, their API and screens. Owns {@code segments}
 * and {@code segment_members}; reads the CRM's, the billing's and the learning record's tables.
 */
public final class SegmentsModule {

    private SegmentsModule() {
    }

    /** Registers the routes; the segments are returned for the features that send to them. */
    public static Segments register(ResourceConfig app, Jdbi jdbi, Views views, Clock clock) {
        Segments segments = new Segments(jdbi, clock);
        views.navigation().add("segments", "admin.nav.segments", "/admin/segments", 52, Navigation.CRM);
        app.register(new SegmentsApi(segments)).register(new SegmentPages(segments, jdbi, views));
        return segments;
    }
}
