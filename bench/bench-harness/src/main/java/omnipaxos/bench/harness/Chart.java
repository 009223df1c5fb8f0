package omnipaxos.bench.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Throughput against p99 latency, one panel per setting, both axes logarithmic: a colour per system,
 * a marker per entry size, and a line through each system's points for one entry size in the order of
 * increasing outstanding writes. Drawn with {@code java.awt} in headless mode.
 */
public final class Chart {

  private static final int PANEL_W = 640;
  private static final int PANEL_H = 500;
  private static final int MARGIN_L = 80;
  private static final int MARGIN_R = 20;
  private static final int MARGIN_T = 40;
  private static final int MARGIN_B = 60;
  private static final int TITLE_H = 50;
  private static final int LEGEND_H = 60;
  private static final Map<String, Color> COLORS = Map.of(
      "omnipaxos", new Color(0xD6, 0x27, 0x28),
      "ratis", new Color(0x1F, 0x77, 0xB4),
      "jraft", new Color(0x2C, 0xA0, 0x2C),
      "microraft", new Color(0xFF, 0x7F, 0x0E));

  private final List<CellResult> cells;

  public Chart(List<CellResult> cells) {
    this.cells = cells.stream().filter(c -> c.throughput() > 0 && c.p99Micros() > 0).toList();
  }

  /** Renders the chart into {@code file} as PNG. */
  public void writePng(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> settings = List.of(Setting.MEMORY.label(), Setting.DURABLE.label());
    int w = PANEL_W * settings.size();
    int h = TITLE_H + PANEL_H + LEGEND_H;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      center(g, "Throughput vs p99 append-to-decide latency (3 nodes, one JVM)", w / 2, 22);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      center(g, "each line: one system and entry size, in order of increasing outstanding writes; down and to the right is better",
          w / 2, 40);
      for (int i = 0; i < settings.size(); i++) {
        panel(g, settings.get(i), i * PANEL_W, TITLE_H);
      }
      legend(g, TITLE_H + PANEL_H + 10, w);
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private void panel(Graphics2D g, String setting, int x0, int y0) {
    List<CellResult> mine = cells.stream().filter(c -> c.setting().equals(setting)).toList();
    int left = x0 + MARGIN_L;
    int right = x0 + PANEL_W - MARGIN_R;
    int top = y0 + MARGIN_T;
    int bottom = y0 + PANEL_H - MARGIN_B;
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    center(g, setting.equals("memory") ? "in memory, no fsync" : "loopback TCP, fsync", (left + right) / 2, top - 14);
    if (mine.isEmpty()) {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      center(g, "no results", (left + right) / 2, (top + bottom) / 2);
      return;
    }
    Axis x = new Axis(mine.stream().mapToDouble(CellResult::throughput).min().orElse(1),
        mine.stream().mapToDouble(CellResult::throughput).max().orElse(10), left, right);
    Axis y = new Axis(mine.stream().mapToDouble(c -> c.p99Micros() / 1000).min().orElse(0.01),
        mine.stream().mapToDouble(c -> c.p99Micros() / 1000).max().orElse(1), bottom, top);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double v : x.ticks()) {
      int px = x.pixel(v);
      g.setColor(new Color(0xE0, 0xE0, 0xE0));
      g.drawLine(px, top, px, bottom);
      g.setColor(Color.DARK_GRAY);
      center(g, label(v), px, bottom + 16);
    }
    for (double v : y.ticks()) {
      int py = y.pixel(v);
      g.setColor(new Color(0xE0, 0xE0, 0xE0));
      g.drawLine(left, py, right, py);
      g.setColor(Color.DARK_GRAY);
      String s = label(v);
      g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), py + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    center(g, "throughput, decided entries/s (log)", (left + right) / 2, bottom + 38);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    r.drawString("p99 latency, ms (log)", -(top + bottom) / 2 - 55, x0 + 18);
    r.dispose();
    Map<String, List<CellResult>> series = new LinkedHashMap<>();
    for (CellResult c : mine) {
      series.computeIfAbsent(c.system() + "/" + c.entryBytes(), k -> new ArrayList<>()).add(c);
    }
    for (List<CellResult> s : series.values()) {
      s.sort(Comparator.comparingInt(CellResult::outstanding));
      Color color = color(s.get(0).system());
      g.setColor(color);
      g.setStroke(new BasicStroke(1.5f));
      for (int i = 1; i < s.size(); i++) {
        g.drawLine(x.pixel(s.get(i - 1).throughput()), y.pixel(s.get(i - 1).p99Micros() / 1000),
            x.pixel(s.get(i).throughput()), y.pixel(s.get(i).p99Micros() / 1000));
      }
      for (CellResult c : s) {
        g.fill(marker(c.entryBytes(), x.pixel(c.throughput()), y.pixel(c.p99Micros() / 1000)));
      }
    }
  }

  private void legend(Graphics2D g, int y, int width) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    TreeSet<String> systems = new TreeSet<>(Comparator.comparingInt(Chart::rank).thenComparing(s -> s));
    TreeSet<Integer> sizes = new TreeSet<>();
    cells.forEach(c -> {
      systems.add(c.system());
      sizes.add(c.entryBytes());
    });
    int x = 30;
    for (String s : systems) {
      g.setColor(color(s));
      g.fillRect(x, y + 4, 24, 4);
      g.setColor(Color.BLACK);
      g.drawString(s, x + 30, y + 11);
      x += 40 + g.getFontMetrics().stringWidth(s) + 20;
    }
    x += 30;
    for (int size : sizes) {
      g.setColor(Color.DARK_GRAY);
      g.fill(marker(size, x + 6, y + 6));
      g.setColor(Color.BLACK);
      String s = size + " B entries";
      g.drawString(s, x + 18, y + 11);
      x += 30 + g.getFontMetrics().stringWidth(s) + 20;
    }
    g.setColor(Color.GRAY);
    g.drawString("Generated by bench/run-all.sh; numbers in summary.md and results.csv.", 30, y + 36);
    if (x > width) {
      g.drawString("(legend truncated)", width - 120, y + 36);
    }
  }

  private static int rank(String system) {
    int i = List.of("omnipaxos", "ratis", "jraft", "microraft").indexOf(system);
    return i < 0 ? 99 : i;
  }

  private static Color color(String system) {
    return COLORS.getOrDefault(system, Color.GRAY);
  }

  private static Shape marker(int entryBytes, int cx, int cy) {
    double r = 5;
    if (entryBytes <= 16) {
      return new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    } else if (entryBytes <= 128) {
      return new Rectangle2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    }
    Path2D.Double t = new Path2D.Double();
    t.moveTo(cx, cy - r - 1);
    t.lineTo(cx + r + 1, cy + r);
    t.lineTo(cx - r - 1, cy + r);
    t.closePath();
    return t;
  }

  private static void center(Graphics2D g, String s, int cx, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, cx - fm.stringWidth(s) / 2, baseline);
  }

  private static String label(double v) {
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.0fM", v / 1e6);
    } else if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    } else if (v >= 1) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  /** A logarithmic axis spanning whole decades around the data, mapped to pixels {@code from}..{@code to}. */
  private static final class Axis {
    private final double lo;
    private final double hi;
    private final int from;
    private final int to;

    Axis(double min, double max, int from, int to) {
      this.lo = Math.floor(Math.log10(min));
      this.hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
      this.from = from;
      this.to = to;
    }

    int pixel(double v) {
      double f = (Math.log10(v) - lo) / (hi - lo);
      return (int) Math.round(from + f * (to - from));
    }

    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      for (int e = (int) lo; e <= (int) hi; e++) {
        double base = Math.pow(10, e);
        t.add(base);
        if (hi - lo <= 3 && e < hi) {
          t.add(2 * base);
          t.add(5 * base);
        }
      }
      return t;
    }
  }
}
