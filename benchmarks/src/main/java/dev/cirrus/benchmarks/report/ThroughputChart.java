package dev.cirrus.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws get throughput by client thread count, one line per target, on a logarithmic axis (the
 * in-process ceiling is orders of magnitude above the remote caches), with java.awt only.
 */
final class ThroughputChart {

  private static final int[] THREADS = {1, 4, 16};
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 600;
  private static final int LEFT = 90;
  private static final int RIGHT = 300;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final Color[] PALETTE = {
      new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x98DF8A),
      new Color(0x9467BD), new Color(0xFF7F0E), new Color(0xFFBB78), new Color(0x7F7F7F)};

  private ThroughputChart() {}

  static void draw(RunResults results, Map<String, String> names, String subtitle, Path file)
      throws IOException {
    List<String> targets = new ArrayList<>();
    double min = Double.MAX_VALUE;
    double max = 0;
    for (String target : results.targets()) {
      boolean any = false;
      for (int threads : THREADS) {
        Optional<Double> value = results.number(target, metric(threads));
        if (value.isPresent() && value.get() > 0) {
          any = true;
          min = Math.min(min, value.get());
          max = Math.max(max, value.get());
        }
      }
      if (any) {
        targets.add(target);
      }
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString("get throughput (ops/s, log scale) by client threads, 100-byte values", LEFT, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString(subtitle, LEFT, 48);
      if (targets.isEmpty()) {
        g.drawString("no throughput figures in this run", LEFT, TOP + 40);
      } else {
        plot(g, results, names, targets, Math.floor(Math.log10(min)), Math.ceil(Math.log10(max)));
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void plot(Graphics2D g, RunResults results, Map<String, String> names,
      List<String> targets, double lowDecade, double highDecade) {
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    if (highDecade <= lowDecade) {
      highDecade = lowDecade + 1;
    }
    double low = lowDecade;
    double high = highDecade;
    // grid: decades labelled, 2x and 5x lighter
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int decade = (int) low; decade <= (int) high; decade++) {
      for (int m : new int[] {1, 2, 5}) {
        double value = m * Math.pow(10, decade);
        double log = Math.log10(value);
        if (log > high + 1e-9) {
          continue;
        }
        int y = TOP + plotHeight - (int) Math.round((log - low) / (high - low) * plotHeight);
        g.setColor(m == 1 ? new Color(0xCCCCCC) : new Color(0xEEEEEE));
        g.drawLine(LEFT, y, LEFT + plotWidth, y);
        if (m == 1 || high - low <= 3) {
          g.setColor(Color.DARK_GRAY);
          String label = human(value);
          g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + 4);
        }
      }
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotWidth, plotHeight);
    int[] xs = new int[THREADS.length];
    for (int i = 0; i < THREADS.length; i++) {
      xs[i] = LEFT + 40 + i * (plotWidth - 80) / (THREADS.length - 1);
      String label = THREADS[i] + (THREADS[i] == 1 ? " thread" : " threads");
      g.drawString(label, xs[i] - fm.stringWidth(label) / 2, TOP + plotHeight + 20);
    }
    g.drawString("client threads (client and server share the machine's cores)",
        LEFT, TOP + plotHeight + 45);
    int legendY = TOP + 10;
    for (int t = 0; t < targets.size(); t++) {
      String target = targets.get(t);
      Color color = PALETTE[Math.max(0, RunResults.ORDER.indexOf(target)) % PALETTE.length];
      boolean cirrus = target.equals("cirrus");
      g.setColor(color);
      g.setStroke(new BasicStroke(cirrus ? 4f : 2f));
      int prevX = -1;
      int prevY = -1;
      for (int i = 0; i < THREADS.length; i++) {
        Optional<Double> value = results.number(target, metric(THREADS[i]));
        if (value.isEmpty() || value.get() <= 0) {
          prevX = -1;
          continue;
        }
        double log = Math.log10(value.get());
        int y = TOP + plotHeight - (int) Math.round((log - low) / (high - low) * plotHeight);
        g.fillOval(xs[i] - 5, y - 5, 10, 10);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, xs[i], y);
        }
        prevX = xs[i];
        prevY = y;
      }
      int lx = LEFT + plotWidth + 20;
      g.fillRect(lx, legendY + t * 24 - 8, 22, cirrus ? 6 : 4);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, cirrus ? Font.BOLD : Font.PLAIN, 13));
      g.drawString(names.getOrDefault(target, target), lx + 30, legendY + t * 24 - 2);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }
    g.setStroke(new BasicStroke(1f));
  }

  static String metric(int threads) {
    return "get_tput_" + threads + "t.ops_s";
  }

  static String human(double value) {
    if (value >= 1e6) {
      return trim(value / 1e6) + "M";
    }
    if (value >= 1e3) {
      return trim(value / 1e3) + "k";
    }
    return trim(value);
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value)
        : String.format(java.util.Locale.ROOT, "%.1f", value);
  }
}
