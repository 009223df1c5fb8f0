package omnipaxos.kv.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A RESP reply's text parsed into a tree, for comparing replies whose element order Redis leaves
 * unspecified: as multisets of their elements (or of groups of elements, such as field-value
 * pairs).
 */
record RespTree(String header, List<RespTree> children, String text) {

  /** Parses one reply (as {@link RespConnection#call} returns it). */
  static RespTree parse(String reply) {
    int[] pos = {0};
    return parse(reply, pos);
  }

  private static RespTree parse(String s, int[] pos) {
    int start = pos[0];
    int eol = s.indexOf("\r\n", start);
    String header = s.substring(start, eol);
    pos[0] = eol + 2;
    List<RespTree> children = new ArrayList<>();
    char type = header.charAt(0);
    if (type == '$' || type == '=' || type == '!') {
      int n = Integer.parseInt(header.substring(1));
      pos[0] += n >= 0 ? n + 2 : 0;
    } else if (type == '*' || type == '~' || type == '%' || type == '>' || type == '|') {
      int n = Integer.parseInt(header.substring(1)) * (type == '%' || type == '|' ? 2 : 1);
      for (int i = 0; i < n; i++) {
        children.add(parse(s, pos));
      }
    }
    return new RespTree(header, children, s.substring(start, pos[0]));
  }

  /** The children's texts in groups of {@code group}, sorted: the multiset of elements. */
  List<String> multiset(int group) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + group <= children.size(); i += group) {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < group; j++) {
        b.append(children.get(i + j).text());
      }
      out.add(b.toString());
    }
    out.sort(null);
    return out;
  }

  /** The bulk string's content. */
  String bulk() {
    return text.substring(header.length() + 2, text.length() - 2);
  }
}
