package org.example.matricula.evening;

import org.pf4j.Plugin;

/** The plugin's entry point; nothing to set up, so it stays empty. */
public class EveningSchoolPlugin extends Plugin {
}
