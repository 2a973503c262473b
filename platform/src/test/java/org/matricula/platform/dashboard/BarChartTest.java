package org.matricula.platform.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BarChartTest {

    private static final Pattern BAR = Pattern.compile("data-count=\"(\\d+)\" x=\"[0-9.]+\" y=\"([0-9.]+)\" "
            + "width=\"[0-9.]+\" height=\"([0-9.]+)\"");

    @Test
    void barsAreScaledToTheBusiestDay() {
        LocalDate today = LocalDate.of(2025, 3, 30);
        List<Dashboard.DayCount> days = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            days.add(new Dashboard.DayCount(today.minusDays(29 - i), i == 29 ? 10 : i == 0 ? 5 : 0));
        }
        String svg = BarChart.svg(days, "Per day <30>");

        assertTrue(svg.startsWith("<svg id=\"dashboard-chart\""), svg);
        assertTrue(svg.contains("aria-label=\"Per day &lt;30>\""), "the label is escaped");
        List<Double> heights = new ArrayList<>();
        Matcher bar = BAR.matcher(svg);
        while (bar.find()) {
            heights.add(Double.parseDouble(bar.group(3)));
        }
        assertEquals(30, heights.size());
        assertEquals(heights.get(29) / 2, heights.get(0), 0.01, "half the count, half the height");
        assertEquals(0.0, heights.get(15));
        assertTrue(svg.contains(">03-30</text>") && svg.contains(">03-23</text>"), "weekly date labels end today");
        assertTrue(svg.contains("<title>2025-03-30: 10</title>"));
    }

    @Test
    void anEmptyWindowDrawsFlatBars() {
        String svg = BarChart.svg(List.of(new Dashboard.DayCount(LocalDate.of(2025, 1, 1), 0)), "empty");
        assertTrue(svg.contains("height=\"0.0\""), svg);
    }
}
