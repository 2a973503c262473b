package org.matricula.platform.crm.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.matricula.platform.i18n.Messages;

/**
 * Every kind of timeline entry there is now: the platform's ({@link Kind}) and those the started
 * plugins declare (plugin-api {@code TimelineKind}), each stored as {@code <plugin id>:<code>}.
 * An entry of a plugin that is gone keeps its code, shown as such.
 */
public final class TimelineKinds {

    /** A plugin's kind: its stored code, its name per language, its icon's CSS class (may be empty). */
    public record PluginKind(String code, Function<Locale, String> name, String icon) {
    }

    /** A kind as pages and the API offer it. */
    public record Choice(String code, String label, boolean byHand, String icon) {
    }

    private final Supplier<List<PluginKind>> plugins;

    public TimelineKinds(Supplier<List<PluginKind>> plugins) {
        this.plugins = plugins;
    }

    /** The platform's kinds only (tools without plugins). */
    public static TimelineKinds platformOnly() {
        return new TimelineKinds(List::of);
    }

    /** The platform's kinds, then the plugins'. */
    public List<Choice> all(Locale locale) {
        List<Choice> choices = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            choices.add(new Choice(kind.name(), kind.label().in(locale), kind.byHand(), ""));
        }
        for (PluginKind kind : plugins.get()) {
            choices.add(new Choice(kind.code(), kind.name().apply(locale), false, kind.icon()));
        }
        return choices;
    }

    /** The stored code of a kind given by a reader: a platform kind's name (any case) or a plugin kind's code. */
    public Optional<String> parse(String code) {
        Optional<Kind> platform = Kind.parse(code);
        if (platform.isPresent()) {
            return platform.map(Kind::name);
        }
        String given = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        return plugins.get().stream().map(PluginKind::code).filter(given::equals).findFirst();
    }

    /** The name of a stored kind in this language. */
    public String label(String code, Locale locale) {
        Optional<Kind> platform = Kind.parse(code);
        if (platform.isPresent()) {
            return platform.get().label().in(locale);
        }
        return plugin(code).map(kind -> kind.name().apply(locale))
                .orElseGet(() -> Messages.text(locale, "crm.kind.plugin", code));
    }

    /** The icon's CSS class of a stored kind; empty for none. */
    public String icon(String code) {
        return plugin(code).map(PluginKind::icon).orElse("");
    }

    private Optional<PluginKind> plugin(String code) {
        return plugins.get().stream().filter(kind -> kind.code().equals(code)).findFirst();
    }
}
