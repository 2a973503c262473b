package org.matricula.platform.dashboard;

import java.util.List;
import java.util.Locale;

/**
 * Declarations per day as an inline SVG bar chart, drawn on the server so the dashboard needs no
 * script. Each bar carries a tooltip with its day and count.
 */
public final class BarChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int AXIS = 20;
    private static final int TOP = 16;

    private BarChart() {
    }

    public static String svg(List<Dashboard.DayCount> days, String ariaLabel) {
        int max = days.stream().mapToInt(Dashboard.DayCount::declarations).max().orElse(0);
        double slot = (double) WIDTH / Math.max(1, days.size());
        double plot = HEIGHT - AXIS - TOP;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg id=\"dashboard-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                        + "width=\"100%%\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, escape(ariaLabel)));
        svg.append(String.format(Locale.ROOT, "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                HEIGHT - AXIS, WIDTH, HEIGHT - AXIS));
        for (int i = 0; i < days.size(); i++) {
            Dashboard.DayCount day = days.get(i);
            double height = max == 0 ? 0 : plot * day.declarations() / max;
            double x = i * slot + slot * 0.1;
            double y = HEIGHT - AXIS - height;
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-day=\"%s\" data-count=\"%d\" "
                    + "x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1f3a5f\">"
                    + "<title>%s: %d</title></rect>",
                    day.day(), day.declarations(), x, y, slot * 0.8, height, day.day(), day.declarations()));
            if (day.declarations() == max && max > 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                        + "text-anchor=\"middle\">%d</text>", x + slot * 0.4, y - 3, max));
            }
            // Every seventh day is labelled, counted back from today, so the last bar always has its date.
            if ((days.size() - 1 - i) % 7 == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                        + "text-anchor=\"middle\">%s</text>", x + slot * 0.4, HEIGHT - 5,
                        day.day().toString().substring(5)));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
