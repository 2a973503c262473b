package org.matricula.platform.catalog;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The whole catalog as read at one moment: every project, and the programs each offers in their
 * order. Immutable; replaced as a whole when the catalog changes. The programs' place counts are
 * those of that moment and fall behind with every submission to a limited program.
 */
record CatalogSnapshot(Map<String, Project> projectsBySlug, Map<Long, List<Program>> programsByProject) {

    static CatalogSnapshot read(Handle handle) {
        Map<String, Project> projects = new LinkedHashMap<>();
        handle.createQuery("SELECT * FROM projects ORDER BY id").map(new ProjectRowMapper())
                .forEach(project -> projects.put(project.slug(), project));
        Map<Long, List<Program>> programs = new HashMap<>();
        ProgramRowMapper programMapper = new ProgramRowMapper();
        handle.createQuery("""
                SELECT l.project_id, p.* FROM programs p JOIN project_programs l ON l.program_id = p.id
                ORDER BY l.project_id, l.position, p.name""")
                .map((rs, ctx) -> Map.entry(rs.getLong("project_id"), programMapper.map(rs, ctx)))
                .forEach(entry -> programs.computeIfAbsent(entry.getKey(), id -> new java.util.ArrayList<>())
                        .add(entry.getValue()));
        programs.replaceAll((id, list) -> List.copyOf(list));
        return new CatalogSnapshot(Map.copyOf(projects), Map.copyOf(programs));
    }

    Optional<Project> project(String slug) {
        return Optional.ofNullable(projectsBySlug.get(slug));
    }

    List<Program> programsOf(long projectId) {
        return programsByProject.getOrDefault(projectId, List.of());
    }
}
