package org.matricula.platform.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matricula.api.DataSubject;
import org.matricula.api.PersonalDataHolder;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.Failures;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.plugins.PluginService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The personal data plugins keep in their own tables, reached through their
 * {@link PersonalDataHolder} extensions: added to the applicant's download, erased with the account.
 */
final class PluginPersonalData {

    private static final Map<PluginService.Unreachable, String> REFUSALS = Map.of(
            PluginService.Unreachable.DISABLED, "refusal.erasure.pluginDisabled",
            PluginService.Unreachable.FAILED, "refusal.erasure.pluginFailed",
            PluginService.Unreachable.REMOVED, "refusal.erasure.pluginRemoved");

    private static final Map<PluginService.Unreachable, String> EXPORT_GAPS = Map.of(
            PluginService.Unreachable.DISABLED, "privacy.export.pluginDisabled",
            PluginService.Unreachable.FAILED, "privacy.export.pluginFailed",
            PluginService.Unreachable.REMOVED, "privacy.export.pluginRemoved");
    private static final Logger LOG = LoggerFactory.getLogger(PluginPersonalData.class);

    private final PluginService plugins;

    PluginPersonalData(PluginService plugins) {
        this.plugins = plugins;
    }

    /** The account as plugins may have stored it: its id, its address, its declarations' numbers. */
    static DataSubject subject(Handle handle, UUID accountId, String email) {
        List<String> numbers = handle.createQuery("SELECT number FROM declarations WHERE account_id = :id ORDER BY number")
                .bind("id", accountId).mapTo(String.class).list();
        return new DataSubject(accountId, email, numbers);
    }

    /**
     * What plugins keep about the subject: each plugin's data by plugin id (plugins that keep
     * nothing left out), and, by plugin id in the reader's language, why a plugin that keeps
     * personal data is not in it: not started (disabled, failed, removed while its schema stays) or
     * failing to export. The download says so rather than look complete while it is not.
     */
    record Export(Map<String, Object> data, Map<String, String> notIncluded) {
    }

    Export export(DataSubject subject, Locale locale) {
        Map<String, Object> byPlugin = new LinkedHashMap<>();
        Map<String, String> notIncluded = new TreeMap<>();
        plugins.unreachableOffering(PersonalDataHolder.class).forEach((pluginId, why) ->
                notIncluded.put(pluginId, Messages.text(locale, EXPORT_GAPS.get(why), pluginId)));
        for (PersonalDataHolder holder : plugins.extensions(PersonalDataHolder.class)) {
            String pluginId = pluginIdOf(holder);
            try {
                Map<String, Object> data = holder.export(subject);
                if (data != null && !data.isEmpty()) {
                    byPlugin.put(pluginId, data);
                }
            } catch (Throwable e) {
                LOG.warn("Personal data download without {}", plugins.failure(pluginId, holder,
                        "to export its personal data", e).getMessage());
                notIncluded.put(pluginId, Messages.text(locale, "privacy.export.pluginBroken", pluginId));
            }
        }
        return new Export(byPlugin, notIncluded);
    }

    /**
     * Has every plugin erase its data about the subject; the first failure stops the erasure. A
     * plugin that keeps personal data but is not started (disabled, failed to start, or removed
     * while its schema stays) cannot erase it, and nothing would reach it when it serves again:
     * the erasure is refused, naming it, rather than told done while data stays.
     */
    void erase(DataSubject subject) {
        Map<String, PluginService.Unreachable> unreachable = plugins.unreachableOffering(PersonalDataHolder.class);
        for (PluginService.Unreachable why : PluginService.Unreachable.values()) {
            List<String> ids = unreachable.entrySet().stream().filter(plugin -> plugin.getValue() == why)
                    .map(Map.Entry::getKey).toList();
            if (!ids.isEmpty()) {
                throw Conflict.localized(REFUSALS.get(why), String.join(", ", ids));
            }
        }
        for (PersonalDataHolder holder : plugins.extensions(PersonalDataHolder.class)) {
            try {
                holder.erase(subject);
            } catch (Throwable e) {
                Failures.rethrowJvmFailure(e);
                throw new IllegalStateException("Plugin " + pluginIdOf(holder) + " could not erase its personal data", e);
            }
        }
    }

    private String pluginIdOf(PersonalDataHolder holder) {
        return plugins.pluginIdOf(holder).orElse(holder.getClass().getName());
    }
}
