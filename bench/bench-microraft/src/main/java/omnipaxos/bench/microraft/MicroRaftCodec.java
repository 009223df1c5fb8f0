package omnipaxos.bench.microraft;

import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.message.AppendEntriesFailureResponse;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesSuccessResponse;
import io.microraft.model.message.RaftMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form of MicroRaft's messages for the TCP transport and of its log entries for the
 * SQLite store. MicroRaft ships no wire format of its own; the replication path (append requests and
 * their responses, log entries whose operation is a byte array) is encoded field by field, as our own
 * transport encodes ours, and the rare messages (votes, snapshots) fall back to Java serialization,
 * which MicroRaft's model supports.
 */
final class MicroRaftCodec {

  private static final byte SERIALIZED = 0;
  private static final byte APPEND_REQUEST = 1;
  private static final byte APPEND_SUCCESS = 2;
  private static final byte APPEND_FAILURE = 3;
  private static final byte OP_BYTES = 0;
  private static final byte OP_SERIALIZED = 1;

  private final RaftModelFactory models;

  MicroRaftCodec(RaftModelFactory models) {
    this.models = models;
  }

  byte[] encode(RaftMessage m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (m instanceof AppendEntriesRequest r) {
        header(out, APPEND_REQUEST, m);
        out.writeInt(r.getPreviousLogTerm());
        out.writeLong(r.getPreviousLogIndex());
        out.writeLong(r.getCommitIndex());
        out.writeLong(r.getQuerySequenceNumber());
        out.writeLong(r.getFlowControlSequenceNumber());
        List<LogEntry> entries = r.getLogEntries();
        out.writeInt(entries.size());
        for (LogEntry e : entries) {
          writeEntry(out, e);
        }
      } else if (m instanceof AppendEntriesSuccessResponse r) {
        header(out, APPEND_SUCCESS, m);
        out.writeLong(r.getLastLogIndex());
        out.writeLong(r.getQuerySequenceNumber());
        out.writeLong(r.getFlowControlSequenceNumber());
      } else if (m instanceof AppendEntriesFailureResponse r) {
        header(out, APPEND_FAILURE, m);
        out.writeLong(r.getExpectedNextIndex());
        out.writeLong(r.getQuerySequenceNumber());
        out.writeLong(r.getFlowControlSequenceNumber());
      } else {
        out.writeByte(SERIALIZED);
        writeObject(out, m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  RaftMessage decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte kind = in.readByte();
      if (kind == SERIALIZED) {
        return (RaftMessage) readObject(in);
      }
      String group = in.readUTF();
      Ep sender = new Ep(in.readUTF());
      int term = in.readInt();
      switch (kind) {
        case APPEND_REQUEST -> {
          int prevTerm = in.readInt();
          long prevIndex = in.readLong();
          long commit = in.readLong();
          long query = in.readLong();
          long flow = in.readLong();
          int n = in.readInt();
          List<LogEntry> entries = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            entries.add(readEntry(in));
          }
          return models.createAppendEntriesRequestBuilder().setGroupId(group).setSender(sender).setTerm(term)
              .setPreviousLogTerm(prevTerm).setPreviousLogIndex(prevIndex).setCommitIndex(commit)
              .setLogEntries(entries).setQuerySequenceNumber(query).setFlowControlSequenceNumber(flow).build();
        }
        case APPEND_SUCCESS -> {
          return models.createAppendEntriesSuccessResponseBuilder().setGroupId(group).setSender(sender)
              .setTerm(term).setLastLogIndex(in.readLong()).setQuerySequenceNumber(in.readLong())
              .setFlowControlSequenceNumber(in.readLong()).build();
        }
        case APPEND_FAILURE -> {
          return models.createAppendEntriesFailureResponseBuilder().setGroupId(group).setSender(sender)
              .setTerm(term).setExpectedNextIndex(in.readLong()).setQuerySequenceNumber(in.readLong())
              .setFlowControlSequenceNumber(in.readLong()).build();
        }
        default -> throw new IOException("unknown message kind " + kind);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] encodeEntry(LogEntry e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeEntry(out, e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  LogEntry decodeEntry(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return readEntry(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void header(DataOutputStream out, byte kind, RaftMessage m) throws IOException {
    out.writeByte(kind);
    out.writeUTF(m.getGroupId().toString());
    out.writeUTF(((Ep) m.getSender()).id());
    out.writeInt(m.getTerm());
  }

  private void writeEntry(DataOutputStream out, LogEntry e) throws IOException {
    out.writeLong(e.getIndex());
    out.writeInt(e.getTerm());
    if (e.getOperation() instanceof byte[] b) {
      out.writeByte(OP_BYTES);
      out.writeInt(b.length);
      out.write(b);
    } else {
      out.writeByte(OP_SERIALIZED);
      writeObject(out, e.getOperation());
    }
  }

  private LogEntry readEntry(DataInputStream in) throws IOException {
    long index = in.readLong();
    int term = in.readInt();
    Object op;
    if (in.readByte() == OP_BYTES) {
      byte[] b = new byte[in.readInt()];
      in.readFully(b);
      op = b;
    } else {
      op = readObject(in);
    }
    return models.createLogEntryBuilder().setIndex(index).setTerm(term).setOperation(op).build();
  }

  static byte[] serialize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Object deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeObject(DataOutputStream out, Object o) throws IOException {
    byte[] b = serialize(o);
    out.writeInt(b.length);
    out.write(b);
  }

  private static Object readObject(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return deserialize(b);
  }
}
