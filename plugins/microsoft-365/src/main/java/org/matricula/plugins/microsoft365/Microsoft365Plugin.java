package org.matricula.plugins.microsoft365;

import org.pf4j.Plugin;

/**
 * Microsoft 365: scenario actions that enrol a student through Microsoft Graph v1.0 — create the
 * account, assign a licence, add it to a Teams team, mail the credentials, check the first sign-in.
 */
public final class Microsoft365Plugin extends Plugin {
}
