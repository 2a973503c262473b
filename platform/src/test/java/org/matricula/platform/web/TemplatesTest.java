package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    /**
     * Bootstrap floats a legend and clears only the element right after it; a hidden input there
     * takes that clearing, and the next field squeezes beside the legend (one letter a line at 375 px).
     */
    private static final Pattern HIDDEN_AFTER_LEGEND = Pattern.compile("</legend>\\s*<input type=\"hidden\"");

    @Test
    void noLegendIsFollowedByAHiddenInput() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> views = Files.walk(Path.of("src/main/resources/web"))) {
            for (Path view : views.filter(path -> path.toString().endsWith(".mustache")).toList()) {
                if (HIDDEN_AFTER_LEGEND.matcher(Files.readString(view, StandardCharsets.UTF_8)).find()) {
                    found.add(view.toString());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
