package omnipaxos.kv.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import omnipaxos.kv.command.DoubleText;
import omnipaxos.kv.command.Reply;

/** Renders a {@link Reply} as RESP2 or RESP3 bytes. */
final class ReplyWriter {

  private ReplyWriter() {}

  static ByteBuf render(ByteBufAllocator alloc, Reply reply, int protocol) {
    ByteBuf out = alloc.buffer();
    write(out, reply, protocol == 3);
    return out;
  }

  private static void write(ByteBuf out, Reply r, boolean resp3) {
    if (r instanceof Reply.Simple s) {
      line(out, '+', clean(s.text()));
    } else if (r instanceof Reply.Error e) {
      line(out, '-', clean(e.text()));
    } else if (r instanceof Reply.Int i) {
      line(out, ':', Long.toString(i.value()));
    } else if (r instanceof Reply.Bulk b) {
      bulk(out, b.bytes());
    } else if (r instanceof Reply.Null) {
      line(out, resp3 ? '_' : '$', resp3 ? "" : "-1");
    } else if (r instanceof Reply.NullArray) {
      line(out, resp3 ? '_' : '*', resp3 ? "" : "-1");
    } else if (r instanceof Reply.Arr a) {
      line(out, '*', Integer.toString(a.items().size()));
      a.items().forEach(x -> write(out, x, resp3));
    } else if (r instanceof Reply.Dbl d) {
      String text = DoubleText.format(d.value());
      if (resp3) {
        line(out, ',', text);
      } else {
        bulk(out, text.getBytes(StandardCharsets.US_ASCII));
      }
    } else if (r instanceof Reply.Pairs p) {
      pairs(out, p.flat(), resp3);
    } else if (r instanceof Reply.MapReply m) {
      int n = m.keysAndValues().size();
      line(out, resp3 ? '%' : '*', Integer.toString(resp3 ? n / 2 : n));
      m.keysAndValues().forEach(x -> write(out, x, resp3));
    } else if (r instanceof Reply.SetReply set) {
      line(out, resp3 ? '~' : '*', Integer.toString(set.items().size()));
      set.items().forEach(x -> write(out, x, resp3));
    }
  }

  private static void pairs(ByteBuf out, List<Reply> flat, boolean resp3) {
    line(out, '*', Integer.toString(resp3 ? flat.size() / 2 : flat.size()));
    for (int i = 0; i < flat.size(); i += 2) {
      if (resp3) {
        line(out, '*', "2");
      }
      write(out, flat.get(i), resp3);
      write(out, flat.get(i + 1), resp3);
    }
  }

  private static void bulk(ByteBuf out, byte[] b) {
    line(out, '$', Integer.toString(b.length));
    out.writeBytes(b).writeByte('\r').writeByte('\n');
  }

  private static void line(ByteBuf out, char type, String text) {
    out.writeByte(type).writeCharSequence(text, StandardCharsets.ISO_8859_1);
    out.writeByte('\r').writeByte('\n');
  }

  private static String clean(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }
}
