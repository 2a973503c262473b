/**
 * A plugin's own HTTP routes and pages under {@code /plugins/<plugin id>/...}, served behind the
 * platform's sessions, CSRF check and roles, and its static assets under a path that changes with
 * the plugin's version.
 *
 * @since 1.2.0
 */
package org.matricula.api.web;
