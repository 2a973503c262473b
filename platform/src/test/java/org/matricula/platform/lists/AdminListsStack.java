package org.matricula.platform.lists;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.accounts.Scopes;
import org.matricula.platform.accounts.SessionFilter;
import org.matricula.platform.accounts.UsersList;
import org.matricula.platform.config.AddressRanges;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.SchemaDataSource;
import org.matricula.platform.http.ErrorMappers;
import org.matricula.platform.http.HttpServer;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.ProblemResponses;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.registration.DeclarationsList;
import org.matricula.platform.registration.DeclarationsListApi;
import org.matricula.platform.registration.DeclarationsListPages;
import org.matricula.platform.families.Families;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestPluginContext;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.web.Views;

/**
 * The admin lists over HTTP on a fresh test database, behind the real session filter, with one
 * live course family (the fixture plugin "courses", whose form has email and phone fields).
 */
final class AdminListsStack implements AutoCloseable {

    final Database database;
    final DeclarationsList declarationsList;
    private final PluginService plugins;
    private final HttpServer http;

    AdminListsStack(Clock clock) {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 20, new SimpleMeterRegistry(), null);
        database.migrate();
        Path home = temporaryHome();
        PluginJar.plugin("courses", "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/courses/V1__notes.sql", "CREATE TABLE notes (note text);")
                .writeTo(home.resolve("plugins"), "courses.jar");
        plugins = new PluginService(new PluginService.PluginSettings(home.resolve("plugins"), home.resolve("work"),
                Duration.ofSeconds(60)), database,
                (id, loader) -> new TestPluginContext(id, Map.of(), new SchemaDataSource(database.dataSource(), id)),
                new SimpleMeterRegistry());
        plugins.start();
        Views views = new Views();
        Accounts accounts = new Accounts(database.jdbi(), new Outbox(database.jdbi(), JsonMapper.create()),
                "http://matricula.test", clock);
        declarationsList = new DeclarationsList(new Families(plugins));
        AdminList declarations = DeclarationsList.adminList(database.jdbi(), new Families(plugins), views, clock,
                new Scopes(database.jdbi()));
        AdminList users = UsersList.adminList(database.jdbi(), views, clock);
        ResourceConfig application = new ResourceConfig().register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonMapper()).register(new SessionFilter(accounts))
                .register(new DeclarationsListPages(declarations, views)).register(new DeclarationsListApi(declarations))
                .register(new PlatformAdminListPages(new NamedLists().add("users", users)))
                .register(new PlatformAdminListApi(new NamedLists().add("users", users)));
        ErrorMappers.all(new ProblemResponses(views)).forEach(application::register);
        http = HttpServer.start("127.0.0.1", 0, 16, Duration.ofSeconds(1), Duration.ofSeconds(30), AddressRanges.NONE,
                application);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    private static Path temporaryHome() {
        try {
            Path home = Files.createTempDirectory("matricula-lists");
            Files.createDirectories(home.resolve("plugins"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        plugins.close();
        database.close();
    }
}
