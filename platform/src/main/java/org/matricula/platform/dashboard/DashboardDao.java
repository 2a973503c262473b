package org.matricula.platform.dashboard;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Declaration counts for the admin dashboard, each grouping in one query. */
@RegisterConstructorMapper(Dashboard.Count.class)
@RegisterConstructorMapper(Dashboard.DayCount.class)
public interface DashboardDao {

    @SqlQuery("SELECT count(*) FROM declarations")
    int total();

    /** Every project, including those without declarations yet. */
    @SqlQuery("""
            SELECT p.slug AS key, p.name AS label, count(d.id) AS declarations
            FROM projects p LEFT JOIN declarations d ON d.project_id = p.id
            GROUP BY p.id ORDER BY declarations DESC, p.name""")
    List<Dashboard.Count> byProject();

    @SqlQuery("""
            SELECT p.code AS key, p.name AS label, count(d.id) AS declarations
            FROM programs p LEFT JOIN declarations d ON d.program_id = p.id
            GROUP BY p.id ORDER BY declarations DESC, p.name""")
    List<Dashboard.Count> byProgram();

    @SqlQuery("""
            SELECT status AS key, status AS label, count(*) AS declarations
            FROM declarations GROUP BY status ORDER BY declarations DESC, status""")
    List<Dashboard.Count> byStatus();

    /** One row per day of the window, ending today; days without declarations count zero. */
    @SqlQuery("""
            SELECT bucket::date AS day, count(d.id) AS declarations
            FROM generate_series(current_date - (:days - 1), current_date, interval '1 day') AS bucket
            LEFT JOIN declarations d ON d.submitted_at >= bucket AND d.submitted_at < bucket + interval '1 day'
            GROUP BY bucket ORDER BY bucket""")
    List<Dashboard.DayCount> byDay(@Bind("days") int days);
}
