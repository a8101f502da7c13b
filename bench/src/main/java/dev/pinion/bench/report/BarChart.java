package dev.pinion.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Grouped bar chart on a log scale: for each group (workload) one bar per series (runtime), the value being
 * a slowdown factor against native code. A log axis because the runtimes span three orders of magnitude.
 */
final class BarChart {
    private static final Color[] PALETTE = {new Color(0xD9822B), new Color(0x3B6EA8), new Color(0x7FA7D6),
            new Color(0x5E9E5B), new Color(0x9B59B6)};
    private static final int WIDTH = 1200, HEIGHT = 560, LEFT = 80, RIGHT = 20, TOP = 60, BOTTOM = 110;

    /** values[group][series]; NaN means not measured (no bar). */
    static void write(Path png, String title, String yLabel, List<String> groups, List<String> series,
                      double[][] values) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double max = 1, min = 1;
        for (double[] row : values) {
            for (double v : row) {
                if (v > max) max = v;
                if (v > 0 && v < min) min = v;
            }
        }
        int low = (int) Math.floor(Math.log10(min)); // the axis starts below 1x when a runtime beats native
        int decades = Math.max(1, (int) Math.ceil(Math.log10(max)) - low);
        int plotH = HEIGHT - TOP - BOTTOM, plotW = WIDTH - LEFT - RIGHT;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);

        // Axis and decade grid lines: 1x, 10x, 100x, ...
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int d = 0; d <= decades; d++) {
            int y = TOP + plotH - (int) Math.round((double) d / decades * plotH);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            int exp = d + low;
            String label = (exp >= 0 ? String.valueOf((long) Math.pow(10, exp)) : String.valueOf(Math.pow(10, exp))) + "x";
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 20);
        g.setTransform(saved);

        int groupW = plotW / groups.size();
        int barW = Math.max(3, (groupW - 12) / series.size());
        for (int gi = 0; gi < groups.size(); gi++) {
            int x0 = LEFT + gi * groupW + (groupW - barW * series.size()) / 2;
            for (int si = 0; si < series.size(); si++) {
                double v = values[gi][si];
                if (Double.isNaN(v)) continue;
                int h = (int) Math.round(Math.max(0, Math.log10(v) - low) / decades * plotH);
                g.setColor(PALETTE[si % PALETTE.length]);
                g.fillRect(x0 + si * barW, TOP + plotH - h, barW - 1, Math.max(h, 1));
            }
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            String name = groups.get(gi);
            g.drawString(name, LEFT + gi * groupW + (groupW - fm.stringWidth(name)) / 2, TOP + plotH + 18);
        }
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(LEFT, TOP + plotH, WIDTH - RIGHT, TOP + plotH);
        if (low < 0) { // mark 1x, native speed
            int y1 = TOP + plotH - (int) Math.round((double) -low / decades * plotH);
            g.setColor(Color.GRAY);
            g.drawLine(LEFT, y1, WIDTH - RIGHT, y1);
        }

        // Legend under the axis labels.
        int lx = LEFT, ly = HEIGHT - 50;
        for (int si = 0; si < series.size(); si++) {
            g.setColor(PALETTE[si % PALETTE.length]);
            g.fillRect(lx, ly - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(series.get(si), lx + 20, ly + 1);
            lx += 40 + g.getFontMetrics().stringWidth(series.get(si));
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
