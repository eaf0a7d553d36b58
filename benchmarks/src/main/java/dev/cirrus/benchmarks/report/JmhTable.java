package dev.cirrus.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JMH's CSV result file as a markdown table. */
final class JmhTable {

  private JmhTable() {}

  static String markdown(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return "";
    }
    List<String> header = split(lines.get(0));
    int benchmark = header.indexOf("Benchmark");
    int score = header.indexOf("Score");
    int error = header.indexOf("Score Error (99.9%)");
    int unit = header.indexOf("Unit");
    List<Integer> params = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).startsWith("Param: ")) {
        params.add(i);
      }
    }
    StringBuilder md = new StringBuilder("| benchmark | params | score | ± (99.9%) | unit |\n"
        + "| --- | --- | ---: | ---: | --- |\n");
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = split(line);
      if (cells.size() < header.size()) {
        continue;
      }
      String name = cells.get(benchmark).replace("dev.cirrus.benchmarks.jmh.", "");
      StringBuilder p = new StringBuilder();
      for (int i : params) {
        if (!cells.get(i).isEmpty()) {
          p.append(p.length() == 0 ? "" : ", ").append(header.get(i).substring(7)).append('=')
              .append(cells.get(i));
        }
      }
      md.append("| ").append(name).append(" | ").append(p).append(" | ")
          .append(Report.fmt(Double.parseDouble(cells.get(score)))).append(" | ")
          .append(cells.get(error).equals("NaN") ? "" : Report.fmt(Double.parseDouble(cells.get(error))))
          .append(" | ").append(cells.get(unit)).append(" |\n");
    }
    return md.toString();
  }

  private static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
