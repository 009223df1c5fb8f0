package omnipaxos.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;
import omnipaxos.core.codec.Codec;
import omnipaxos.core.codec.CodecException;
import omnipaxos.core.codec.Codecs;
import omnipaxos.core.codec.ProtocolTypes;
import omnipaxos.core.codec.WireReader;
import omnipaxos.core.codec.WireWriter;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageException;
import omnipaxos.core.storage.StorageOp;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A durable {@link Storage} on RocksDB. Log entries live in their own column family keyed by their
 * absolute position (8 bytes, big-endian); the promise, accepted round, decided and compacted
 * index, stop sign and snapshot are single keys of the default column family.
 *
 * <p>Each {@link #writeAtomically} transaction is one RocksDB {@link WriteBatch}: all or nothing,
 * and durable in write order through the write-ahead log. Writes are not synced one by one: {@link
 * #flush()} syncs the write-ahead log once for everything written since the last flush (group
 * commit). An unsynced write is in the operating system's cache: it survives a crash of the process
 * but not necessarily of the machine, and then only as part of a prefix of the write sequence,
 * which is what the core's lazily flushed decided index relies on ({@link Storage}).
 *
 * <p>A snapshot staged ahead of its write ({@link #stageSnapshot}) is kept in a file of its own
 * under {@code snapshots/} ({@link SnapshotFiles}) and the database points to it. Not thread-safe,
 * except {@link #stageSnapshot}; {@link #close()} releases the database.
 */
public final class RocksDbStorage<T, S> implements Storage<T, S>, AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] LOG_CF = "log".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PROMISE = key("promise");
  private static final byte[] ACCEPTED_ROUND = key("accepted_round");
  private static final byte[] DECIDED_IDX = key("decided_idx");
  private static final byte[] COMPACTED_IDX = key("compacted_idx");
  private static final byte[] STOP_SIGN = key("stop_sign");
  private static final byte[] SNAPSHOT = key("snapshot");
  /** Where a staged snapshot's file is, instead of {@link #SNAPSHOT}: name, length, CRC-32C. */
  private static final byte[] SNAPSHOT_FILE = key("snapshot_file");

  private final Codec<T> entryCodec;
  private final Codec<S> snapshotCodec;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle defaultCf;
  private final ColumnFamilyHandle logCf;
  private final WriteOptions writeOptions;
  private final SnapshotFiles snapshotFiles;
  private long compactedIdx;
  private long logEnd;
  private boolean unsynced;
  private boolean closed;

  private RocksDbStorage(Path dir, Codec<T> entryCodec, Codec<S> snapshotCodec) {
    this.entryCodec = Objects.requireNonNull(entryCodec, "entryCodec");
    this.snapshotCodec = Objects.requireNonNull(snapshotCodec, "snapshotCodec");
    try {
      Files.createDirectories(dir);
      dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
      cfOptions = new ColumnFamilyOptions();
      List<ColumnFamilyDescriptor> cfs = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
          new ColumnFamilyDescriptor(LOG_CF, cfOptions));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      db = RocksDB.open(dbOptions, dir.toString(), cfs, handles);
      defaultCf = handles.get(0);
      logCf = handles.get(1);
      writeOptions = new WriteOptions().setSync(false);
      compactedIdx = readLong(COMPACTED_IDX);
      logEnd = Math.max(compactedIdx, lastLogPosition() + 1);
      snapshotFiles = new SnapshotFiles(dir.resolve("snapshots"),
          read(SNAPSHOT_FILE).map(b -> pointer(b).name()).orElse(null));
    } catch (RocksDBException | java.io.IOException e) {
      throw new StorageException("opening RocksDB in " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** Opens (or creates) the storage in {@code dir}. */
  public static <T, S> RocksDbStorage<T, S> open(
      Path dir, Codec<T> entryCodec, Codec<S> snapshotCodec) {
    return new RocksDbStorage<>(dir, entryCodec, snapshotCodec);
  }

  /** Opens (or creates) a storage for a log without snapshots. */
  public static <T> RocksDbStorage<T, Void> open(Path dir, Codec<T> entryCodec) {
    return new RocksDbStorage<>(dir, entryCodec, new Codec<>() {
      @Override
      public byte[] encode(Void value) {
        throw new CodecException("this storage was opened without snapshot support");
      }

      @Override
      public Void decode(byte[] bytes) {
        throw new CodecException("this storage was opened without snapshot support");
      }
    });
  }

  // ---- writes ----

  @Override
  public void writeAtomically(List<StorageOp<T, S>> ops) {
    checkOpen();
    long compacted = compactedIdx;
    long end = logEnd;
    Optional<SnapshotFiles.Pointer> snapshotFile = null;
    try (WriteBatch batch = new WriteBatch()) {
      for (StorageOp<T, S> op : ops) {
        if (op instanceof StorageOp.AppendEntries<T, S> a) {
          for (T e : a.entries()) {
            batch.put(logCf, position(end++), entryCodec.encode(e));
          }
        } else if (op instanceof StorageOp.AppendOnPrefix<T, S> a) {
          if (a.from() < compacted || a.from() > end) {
            throw new StorageException(
                "append on prefix at " + a.from() + " outside [" + compacted + ", " + end + "]");
          }
          if (a.from() < end) {
            batch.deleteRange(logCf, position(a.from()), position(end));
          }
          end = a.from();
          for (T e : a.entries()) {
            batch.put(logCf, position(end++), entryCodec.encode(e));
          }
        } else if (op instanceof StorageOp.Trim<T, S> t) {
          if (t.idx() > compacted) {
            batch.deleteRange(logCf, position(compacted), position(t.idx()));
            compacted = t.idx();
            end = Math.max(end, compacted);
            batch.put(defaultCf, COMPACTED_IDX, Codecs.longs().encode(compacted));
          }
        } else if (op instanceof StorageOp.SetPromise<T, S> p) {
          batch.put(defaultCf, PROMISE, ProtocolTypes.ballotBytes(p.promise()));
        } else if (op instanceof StorageOp.SetAcceptedRound<T, S> r) {
          batch.put(defaultCf, ACCEPTED_ROUND, ProtocolTypes.ballotBytes(r.round()));
        } else if (op instanceof StorageOp.SetDecidedIdx<T, S> d) {
          batch.put(defaultCf, DECIDED_IDX, Codecs.longs().encode(d.idx()));
        } else if (op instanceof StorageOp.SetStopSign<T, S> s) {
          if (s.stopSign().isPresent()) {
            batch.put(defaultCf, STOP_SIGN, ProtocolTypes.stopSignBytes(s.stopSign().get()));
          } else {
            batch.delete(defaultCf, STOP_SIGN);
          }
        } else if (op instanceof StorageOp.SetSnapshot<T, S> s) {
          snapshotFile = setSnapshot(batch, s.snapshot());
        } else {
          throw new StorageException("unknown storage operation " + op);
        }
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException | CodecException e) {
      throw new StorageException("write failed: " + e.getMessage(), e);
    }
    compactedIdx = compacted;
    logEnd = end;
    unsynced = true;
    if (snapshotFile != null) {
      snapshotFiles.replaced(snapshotFile.map(SnapshotFiles.Pointer::name).orElse(null));
    }
  }

  /** Puts the snapshot op into {@code batch}; the file it now points to, if any. */
  private Optional<SnapshotFiles.Pointer> setSnapshot(WriteBatch batch, Optional<S> snapshot)
      throws RocksDBException {
    if (snapshot.isEmpty()) {
      batch.delete(defaultCf, SNAPSHOT);
      batch.delete(defaultCf, SNAPSHOT_FILE);
      return Optional.empty();
    }
    SnapshotFiles.Pointer p = snapshotFiles.take(snapshot.get());
    if (p == null) {
      batch.put(defaultCf, SNAPSHOT, snapshotCodec.encode(snapshot.get()));
      batch.delete(defaultCf, SNAPSHOT_FILE);
      return Optional.empty();
    }
    WireWriter w = new WireWriter(64);
    w.writeBytes(p.name().getBytes(StandardCharsets.UTF_8)).writeLong(p.length())
        .writeLong(p.crc());
    batch.put(defaultCf, SNAPSHOT_FILE, w.toByteArray());
    batch.delete(defaultCf, SNAPSHOT);
    return Optional.of(p);
  }

  /**
   * Writes large snapshots to a file of their own and syncs it, here on the caller's thread; the
   * write that later sets the snapshot then records only where the file is. Smaller ones are left
   * to that write. Safe to call while another thread uses the storage.
   */
  @Override
  public void stageSnapshot(S snapshot) {
    checkOpen();
    byte[] bytes;
    try {
      bytes = snapshotCodec.encode(snapshot);
    } catch (CodecException e) {
      throw new StorageException("the snapshot cannot be encoded: " + e.getMessage(), e);
    }
    if (bytes.length >= SnapshotFiles.MIN_STAGED_BYTES) {
      snapshotFiles.stage(snapshot, bytes);
    }
  }

  @Override
  public void flush() {
    checkOpen();
    if (!unsynced) {
      return;
    }
    try {
      db.flushWal(true);
      unsynced = false;
      snapshotFiles.synced();
    } catch (RocksDBException e) {
      throw new StorageException("syncing the write-ahead log failed: " + e.getMessage(), e);
    }
  }

  // ---- reads ----

  @Override
  public List<T> entries(long from, long to) {
    checkOpen();
    if (from < compactedIdx || to > logEnd || from >= to) {
      return List.of();
    }
    List<T> out = new ArrayList<>((int) (to - from));
    try (RocksIterator it = db.newIterator(logCf)) {
      long expected = from;
      for (it.seek(position(from)); it.isValid() && expected < to; it.next(), expected++) {
        if (positionOf(it.key()) != expected) {
          throw new StorageException("log position " + expected + " is missing");
        }
        out.add(entryCodec.decode(it.value()));
      }
      if (expected != to) {
        throw new StorageException("log positions from " + expected + " to " + to + " are missing");
      }
    } catch (CodecException e) {
      throw new StorageException("a stored entry cannot be decoded: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public long logLen() {
    checkOpen();
    return logEnd - compactedIdx;
  }

  @Override
  public Optional<Ballot> promise() {
    return read(PROMISE).map(ProtocolTypes::ballotFromBytes);
  }

  @Override
  public Optional<Ballot> acceptedRound() {
    return read(ACCEPTED_ROUND).map(ProtocolTypes::ballotFromBytes);
  }

  @Override
  public long decidedIdx() {
    return readLong(DECIDED_IDX);
  }

  @Override
  public long compactedIdx() {
    checkOpen();
    return compactedIdx;
  }

  @Override
  public Optional<StopSign> stopSign() {
    return read(STOP_SIGN).map(ProtocolTypes::stopSignFromBytes);
  }

  @Override
  public Optional<S> snapshot() {
    Optional<byte[]> file = read(SNAPSHOT_FILE);
    if (file.isPresent()) {
      return Optional.of(snapshotCodec.decode(snapshotFiles.read(pointer(file.get()))));
    }
    return read(SNAPSHOT).map(snapshotCodec::decode);
  }

  private static SnapshotFiles.Pointer pointer(byte[] bytes) {
    WireReader r = new WireReader(bytes);
    SnapshotFiles.Pointer p = new SnapshotFiles.Pointer(
        new String(r.readBytes(), StandardCharsets.UTF_8), r.readLong(), r.readLong());
    r.expectEnd();
    return p;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (unsynced) {
        db.flushWal(true);
        snapshotFiles.synced();
      }
    } catch (RocksDBException e) {
      throw new StorageException("syncing on close failed: " + e.getMessage(), e);
    } finally {
      writeOptions.close();
      logCf.close();
      defaultCf.close();
      db.close();
      cfOptions.close();
      dbOptions.close();
    }
  }

  // ---- helpers ----

  private Optional<byte[]> read(byte[] key) {
    checkOpen();
    try {
      return Optional.ofNullable(db.get(defaultCf, key));
    } catch (RocksDBException e) {
      throw new StorageException("read failed: " + e.getMessage(), e);
    }
  }

  private long readLong(byte[] key) {
    return read(key).map(b -> Codecs.longs().decode(b)).orElse(0L);
  }

  private long lastLogPosition() {
    try (RocksIterator it = db.newIterator(logCf)) {
      it.seekToLast();
      return it.isValid() ? positionOf(it.key()) : -1;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("the storage is closed");
    }
  }

  private static byte[] key(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] position(long p) {
    byte[] k = new byte[8];
    for (int i = 7; i >= 0; i--) {
      k[i] = (byte) p;
      p >>>= 8;
    }
    return k;
  }

  private static long positionOf(byte[] key) {
    long p = 0;
    for (byte b : key) {
      p = (p << 8) | (b & 0xff);
    }
    return p;
  }
}
