package org.matricula.platform.dashboard;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Declaration counts for the admin dashboard, each grouping in one query, counting only the
 * declarations within the reader's scope ({@code <scope>}, a condition on {@code d}, with its
 * parameters bound); other staff than platform admins see only the groups they have figures in.
 */
@RegisterConstructorMapper(Dashboard.Count.class)
@RegisterConstructorMapper(Dashboard.DayCount.class)
@AllowUnusedBindings
public interface DashboardDao {

    @SqlQuery("SELECT count(*) FROM declarations d WHERE <scope>")
    int total(@Define("scope") String scope, @BindMap Map<String, Object> parameters);

    /**
     * Every project, including those without declarations yet, named in {@code language} where
     * given (the name column holds the nearest other).
     */
    @SqlQuery("""
            SELECT p.slug AS key, coalesce(nullif(p.name_i18n ->> :language, ''), p.name) AS label,
                   count(d.id) AS declarations
            FROM projects p LEFT JOIN declarations d ON d.project_id = p.id AND <scope>
            GROUP BY p.id HAVING :everything OR count(d.id) > 0 ORDER BY declarations DESC, p.name""")
    List<Dashboard.Count> byProject(@Define("scope") String scope, @BindMap Map<String, Object> parameters,
            @Bind("everything") boolean everything, @Bind("language") String language);

    /** Every program, named as {@link #byProject} names projects. */
    @SqlQuery("""
            SELECT p.code AS key, coalesce(nullif(p.name_i18n ->> :language, ''), p.name) AS label,
                   count(d.id) AS declarations
            FROM programs p LEFT JOIN declarations d ON d.program_id = p.id AND <scope>
            GROUP BY p.id HAVING :everything OR count(d.id) > 0 ORDER BY declarations DESC, p.name""")
    List<Dashboard.Count> byProgram(@Define("scope") String scope, @BindMap Map<String, Object> parameters,
            @Bind("everything") boolean everything, @Bind("language") String language);

    @SqlQuery("""
            SELECT status AS key, status AS label, count(*) AS declarations
            FROM declarations d WHERE <scope> GROUP BY status ORDER BY declarations DESC, status""")
    List<Dashboard.Count> byStatus(@Define("scope") String scope, @BindMap Map<String, Object> parameters);

    /**
     * One row per day of the window, ending today; days without declarations count zero. The days
     * are those of {@code zone} (the configured zone, as {@code TimeDisplay.sqlZone()} writes it),
     * not of the database session, so a declaration counts on the day its page shows.
     */
    @SqlQuery("""
            SELECT bucket::date AS day, count(d.id) AS declarations
            FROM generate_series(CAST((now() AT TIME ZONE <zone>)::date - (:days - 1) AS timestamp),
                                 CAST((now() AT TIME ZONE <zone>)::date AS timestamp), interval '1 day') AS bucket
            LEFT JOIN declarations d ON d.submitted_at >= (bucket AT TIME ZONE <zone>)
                                        AND d.submitted_at < ((bucket + interval '1 day') AT TIME ZONE <zone>)
                                        AND <scope>
            GROUP BY bucket ORDER BY bucket""")
    List<Dashboard.DayCount> byDay(@Bind("days") int days, @Define("zone") String zone, @Define("scope") String scope,
            @BindMap Map<String, Object> parameters);
}
