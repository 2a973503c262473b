/**
 * The persons' timeline of the CRM, for plugins: a plugin declares its own kinds of entries
 * ({@link org.matricula.api.timeline.TimelineKind}) and appends entries of them to a person's
 * timeline through {@link org.matricula.api.PluginContext#timeline()}.
 *
 * @since 1.3.0
 */
package org.matricula.api.timeline;
