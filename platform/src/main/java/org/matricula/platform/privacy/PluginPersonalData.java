package org.matricula.platform.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matricula.api.DataSubject;
import org.matricula.api.PersonalDataHolder;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.plugins.PluginService;

/**
 * The personal data plugins keep in their own tables, reached through their
 * {@link PersonalDataHolder} extensions: added to the applicant's download, erased with the account.
 */
final class PluginPersonalData {

    private static final Map<PluginService.Unreachable, String> REFUSALS = Map.of(
            PluginService.Unreachable.DISABLED, "refusal.erasure.pluginDisabled",
            PluginService.Unreachable.FAILED, "refusal.erasure.pluginFailed",
            PluginService.Unreachable.REMOVED, "refusal.erasure.pluginRemoved");

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

    /** Each plugin's data about the subject, by plugin id; plugins that keep nothing are left out. */
    Map<String, Object> export(DataSubject subject) {
        Map<String, Object> byPlugin = new LinkedHashMap<>();
        for (PersonalDataHolder holder : plugins.extensions(PersonalDataHolder.class)) {
            String pluginId = pluginIdOf(holder);
            try {
                Map<String, Object> data = holder.export(subject);
                if (data != null && !data.isEmpty()) {
                    byPlugin.put(pluginId, data);
                }
            } catch (Exception e) {
                // an incomplete download would look complete to the applicant
                throw new IllegalStateException("Plugin " + pluginId + " could not export its personal data", e);
            }
        }
        return byPlugin;
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
            } catch (Exception e) {
                throw new IllegalStateException("Plugin " + pluginIdOf(holder) + " could not erase its personal data", e);
            }
        }
    }

    private String pluginIdOf(PersonalDataHolder holder) {
        return plugins.pluginIdOf(holder).orElse(holder.getClass().getName());
    }
}
