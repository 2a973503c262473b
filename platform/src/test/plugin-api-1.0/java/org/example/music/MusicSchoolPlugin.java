package org.example.music;

import org.pf4j.Plugin;

/** The plugin's entry point; nothing to set up. */
public class MusicSchoolPlugin extends Plugin {
}
