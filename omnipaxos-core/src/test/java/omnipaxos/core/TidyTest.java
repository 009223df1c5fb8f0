package omnipaxos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Style that a machine checks, over the whole repository (read from the parent of this module):
 * main code within 100 columns and methods within 70 lines in the modules of {@link #STRICT}, a
 * {@code package-info.java} in every package of every module, no raw {@code Object} queues in main
 * code, and no merge-conflict markers in any text file.
 */
class TidyTest {

  /**
   * The modules whose main code keeps to the column and method-length limits.
   */
  private static final List<String> STRICT = List.of(
      "omnipaxos-core",
      "omnipaxos-kv",
      "omnipaxos-runtime",
      "omnipaxos-testkit",
      "omnipaxos-spec",
      "omnipaxos-storage-rocksdb",
      "omnipaxos-transport-netty");

  private static final int MAX_COLUMNS = 100;
  private static final int MAX_METHOD_LINES = 70;
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", ".idea");

  private static final Pattern OBJECT_QUEUE = Pattern.compile(
      "\\b(Queue|Deque|ArrayDeque|LinkedList|BlockingQueue|ConcurrentLinkedQueue)<Object>"
          + "|\\b(List|ArrayList)<Object>\\s+\\w*(?i:outgoing|queue|outbox|pending)\\w*");
  private static final Pattern CONFLICT = Pattern.compile(
      "^(" + "<".repeat(7) + "( .*)?|" + ">".repeat(7) + "( .*)?|" + "=".repeat(7) + ")$",
      Pattern.MULTILINE);
  private static final Pattern CONTROL =
      Pattern.compile("^(if|for|while|switch|catch|synchronized|try|do|else|return|new)\\b.*");
  private static final Pattern TYPE_DECL = Pattern.compile("\\b(class|record|interface|enum)\\b");
  private static final Pattern METHOD_NAME = Pattern.compile("(\\w+)\\s*\\(");

  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

  @Test
  void mainCodeOfStrictModulesFitsInOneHundredColumns() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Path f : mainSources(STRICT)) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).length() > MAX_COLUMNS) {
          offences.add(ROOT.relativize(f) + ":" + (i + 1));
        }
      }
    }
    assertThat(offences).isEmpty();
  }

  @Test
  void methodsOfStrictModulesAreAtMostSeventyLines() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Path f : mainSources(STRICT)) {
      for (String m : longMethods(Files.readString(f, StandardCharsets.UTF_8))) {
        offences.add(ROOT.relativize(f) + ": " + m);
      }
    }
    assertThat(offences).isEmpty();
  }

  @Test
  void methodLengthCheckSeesMethodsAndOnlyMethods() {
    String body = "    x++;\n".repeat(MAX_METHOD_LINES);
    String src = "class A {\n  void longOne() {\n" + body + "  }\n"
        + "  void shortOne() {\n    Runnable r = () -> {\n      x++;\n    };\n  }\n"
        + "  static class B {\n" + "    int y;\n".repeat(MAX_METHOD_LINES) + "  }\n}\n";
    assertThat(longMethods(src)).containsExactly("longOne: " + (MAX_METHOD_LINES + 2) + " lines");
  }

  @Test
  void everyPackageOfEveryModuleHasAPackageInfo() throws IOException {
    Set<Path> mainPackages = new TreeSet<>();
    Set<Path> testPackages = new TreeSet<>();
    for (Path f : javaFiles(ROOT)) {
      String rel = ROOT.relativize(f).toString().replace('\\', '/');
      Set<Path> into = rel.contains("/src/main/java/") ? mainPackages
          : rel.contains("/src/test/java/") ? testPackages : null;
      if (into != null) {
        into.add(f.getParent());
      }
    }
    List<String> missing = new ArrayList<>();
    for (Path p : mainPackages) {
      if (!Files.exists(p.resolve("package-info.java"))) {
        missing.add(ROOT.relativize(p).toString());
      }
    }
    for (Path p : testPackages) {
      Path main = Paths.get(p.toString().replace("/src/test/java/", "/src/main/java/"));
      if (!mainPackages.contains(main) && !Files.exists(p.resolve("package-info.java"))) {
        missing.add(ROOT.relativize(p).toString());
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void mainCodeHasNoRawObjectQueues() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Path f : javaFiles(ROOT)) {
      if (!f.toString().replace('\\', '/').contains("/src/main/java/")) {
        continue;
      }
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (OBJECT_QUEUE.matcher(lines.get(i)).find()) {
          offences.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    assertThat(offences).isEmpty();
  }

  @Test
  void noTextFileHoldsMergeConflictMarkers() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Path f : files(ROOT)) {
      String text = readText(f);
      if (text == null) {
        continue;
      }
      Matcher m = CONFLICT.matcher(text);
      if (m.find() && text.contains("<".repeat(7))) {
        offences.add(ROOT.relativize(f).toString());
      }
    }
    assertThat(offences).isEmpty();
  }

  /** The text of {@code f}, or null if it is large or not UTF-8 text. */
  private static String readText(Path f) throws IOException {
    if (Files.size(f) > 4_000_000) {
      return null;
    }
    try {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      return text.indexOf('\0') >= 0 ? null : text;
    } catch (MalformedInputException e) {
      return null;
    }
  }

  private static List<Path> mainSources(List<String> modules) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String m : modules) {
      Path main = ROOT.resolve(m).resolve("src/main/java");
      if (Files.isDirectory(main)) {
        out.addAll(javaFiles(main));
      }
    }
    assertThat(ROOT.resolve(STRICT.get(0))).isDirectory();
    return out;
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    return files(dir).stream().filter(p -> p.toString().endsWith(".java")).toList();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> Files.isRegularFile(p) && !skipped(dir.relativize(p))).toList();
    }
  }

  private static boolean skipped(Path rel) {
    for (Path part : rel) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The methods (and constructors) of {@code source} longer than {@link #MAX_METHOD_LINES}, from the
   * line of the name to the closing brace, as "name: n lines". Comments, strings and character
   * literals are blanked first; a brace opens a method body if the code since the previous
   * {@code ;}, {@code {} or {@code }} ends in a parameter list (and a {@code throws} clause) and is
   * not a control statement, a type declaration, a lambda or an anonymous class. Lambdas and local
   * classes count towards the method they are in.
   */
  static List<String> longMethods(String source) {
    String code = blankCommentsAndLiterals(source);
    List<String> out = new ArrayList<>();
    int depth = 0;
    int methodDepth = -1;
    int methodLine = 0;
    String methodName = null;
    int headerStart = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '{') {
        String header = code.substring(headerStart, i).strip();
        if (methodDepth < 0 && isMethodHeader(header)) {
          Matcher m = METHOD_NAME.matcher(header);
          m.find();
          methodDepth = depth;
          methodName = m.group(1);
          methodLine = lineOf(code, headerStart + code.substring(headerStart).indexOf(m.group()));
        }
        depth++;
        headerStart = i + 1;
      } else if (c == '}') {
        depth--;
        if (depth == methodDepth) {
          int lines = lineOf(code, i) - methodLine + 1;
          if (lines > MAX_METHOD_LINES) {
            out.add(methodName + ": " + lines + " lines");
          }
          methodDepth = -1;
        }
        headerStart = i + 1;
      } else if (c == ';') {
        headerStart = i + 1;
      }
    }
    return out;
  }

  private static boolean isMethodHeader(String header) {
    String h = header.replaceAll("@\\w+(\\([^)]*\\))?", "").strip();
    return h.matches("(?s).*\\)\\s*(throws\\s+[\\w.,\\s<>]+)?")
        && !CONTROL.matcher(h).matches()
        && !TYPE_DECL.matcher(h).find()
        && !h.contains("->")
        && !h.matches("(?s).*\\bnew\\s+[\\w.<>]+\\s*\\(.*")
        && METHOD_NAME.matcher(h).find();
  }

  private static int lineOf(String s, int pos) {
    int line = 1;
    for (int i = 0; i < pos; i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** {@code s} with comments, string, text-block and char literals replaced by spaces. */
  static String blankCommentsAndLiterals(String s) {
    StringBuilder b = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      int end;
      if (s.startsWith("//", i)) {
        end = s.indexOf('\n', i);
        end = end < 0 ? s.length() : end;
      } else if (s.startsWith("/*", i)) {
        end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
      } else if (s.startsWith("\"\"\"", i)) {
        end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? s.length() : end + 3;
      } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
        end = literalEnd(s, i);
      } else {
        i++;
        continue;
      }
      for (int k = i; k < end; k++) {
        if (b.charAt(k) != '\n') {
          b.setCharAt(k, ' ');
        }
      }
      i = end;
    }
    return b.toString();
  }

  private static int literalEnd(String s, int start) {
    char quote = s.charAt(start);
    int i = start + 1;
    while (i < s.length() && s.charAt(i) != quote && s.charAt(i) != '\n') {
      i += s.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, s.length());
  }
}
