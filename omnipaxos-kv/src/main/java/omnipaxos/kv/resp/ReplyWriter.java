package omnipaxos.kv.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
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
    } else if (r instanceof Reply.MapReply m) {
      int n = m.keysAndValues().size();
      line(out, resp3 ? '%' : '*', Integer.toString(resp3 ? n / 2 : n));
      m.keysAndValues().forEach(x -> write(out, x, resp3));
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
