package omnipaxos.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import omnipaxos.core.Ballot;
import omnipaxos.core.StopSign;
import omnipaxos.core.storage.Storage;
import omnipaxos.core.storage.StorageOp;

/**
 * The user's {@link Storage} seen through envelopes: writes store the plain entries, reads wrap
 * them again with the ids this node saw written at their positions ({@link EntryId#NONE} for
 * entries it only read back from storage). While the runtime follows entries ({@code noting}
 * holds), every successful write is also noted ({@link LogNote}) so that it learns, exactly and in
 * order, which id was written and decided at which position; log truncations and adopted rounds are
 * always noted. Only the event-loop thread uses it.
 */
final class EnvelopeStorage<T, S> implements Storage<Envelope<T>, S> {

  private final Storage<T, S> delegate;
  private final BooleanSupplier noting;
  private final IdLog ids;
  private long decidedIdx;
  private List<LogNote> notes = new ArrayList<>();

  /**
   * @param noting whether entries written and decided must be noted now (someone waits for them)
   */
  EnvelopeStorage(Storage<T, S> delegate, BooleanSupplier noting) {
    this.delegate = delegate;
    this.noting = noting;
    this.ids = new IdLog(delegate.compactedIdx(), delegate.logLen());
    this.decidedIdx = delegate.decidedIdx();
  }

  /** The notes since the last call, in write order. */
  List<LogNote> takeNotes() {
    if (notes.isEmpty()) {
      return List.of();
    }
    List<LogNote> taken = notes;
    notes = new ArrayList<>();
    return taken;
  }

  @Override
  public void writeAtomically(List<StorageOp<Envelope<T>, S>> ops) {
    List<StorageOp<T, S>> plain;
    if (ops.size() == 1) {
      plain = List.of(strip(ops.get(0)));
    } else {
      plain = new ArrayList<>(ops.size());
      for (StorageOp<Envelope<T>, S> op : ops) {
        plain.add(strip(op));
      }
    }
    delegate.writeAtomically(plain);
    boolean note = noting.getAsBoolean();
    for (int i = 0; i < ops.size(); i++) {
      mirror(ops.get(i), note);
    }
  }

  private StorageOp<T, S> strip(StorageOp<Envelope<T>, S> op) {
    if (op instanceof StorageOp.AppendEntries<Envelope<T>, S> a) {
      return new StorageOp.AppendEntries<>(values(a.entries()));
    } else if (op instanceof StorageOp.AppendOnPrefix<Envelope<T>, S> a) {
      return new StorageOp.AppendOnPrefix<>(a.from(), values(a.entries()));
    } else if (op instanceof StorageOp.SetPromise<Envelope<T>, S> p) {
      return new StorageOp.SetPromise<>(p.promise());
    } else if (op instanceof StorageOp.SetAcceptedRound<Envelope<T>, S> r) {
      return new StorageOp.SetAcceptedRound<>(r.round());
    } else if (op instanceof StorageOp.SetDecidedIdx<Envelope<T>, S> d) {
      return new StorageOp.SetDecidedIdx<>(d.idx());
    } else if (op instanceof StorageOp.Trim<Envelope<T>, S> t) {
      return new StorageOp.Trim<>(t.idx());
    } else if (op instanceof StorageOp.SetStopSign<Envelope<T>, S> s) {
      return new StorageOp.SetStopSign<>(s.stopSign());
    } else if (op instanceof StorageOp.SetSnapshot<Envelope<T>, S> s) {
      return new StorageOp.SetSnapshot<>(s.snapshot());
    }
    throw new IllegalArgumentException("unknown storage operation " + op);
  }

  private void mirror(StorageOp<Envelope<T>, S> op, boolean note) {
    if (op instanceof StorageOp.AppendEntries<Envelope<T>, S> a) {
      appendIds(a.entries(), note);
    } else if (op instanceof StorageOp.AppendOnPrefix<Envelope<T>, S> a) {
      ids.truncate(a.from());
      notes.add(new LogNote.Truncated(a.from()));
      appendIds(a.entries(), note);
    } else if (op instanceof StorageOp.Trim<Envelope<T>, S> t) {
      ids.trim(t.idx());
    } else if (op instanceof StorageOp.SetDecidedIdx<Envelope<T>, S> d) {
      decide(d.idx(), note);
    } else if (op instanceof StorageOp.SetAcceptedRound<Envelope<T>, S> r) {
      notes.add(new LogNote.Adopted(r.round()));
    }
  }

  private void appendIds(List<Envelope<T>> entries, boolean note) {
    for (int i = 0; i < entries.size(); i++) {
      EntryId id = entries.get(i).id();
      if (note && !id.isNone()) {
        notes.add(new LogNote.Written(ids.end(), id));
      }
      ids.append(id);
    }
  }

  /** Notes the positions that became decided; those already compacted could not be seen. */
  private void decide(long newDecided, boolean note) {
    if (newDecided <= decidedIdx) {
      return;
    }
    if (!note) {
      decidedIdx = newDecided;
      return;
    }
    long from = decidedIdx;
    long unseenEnd = Math.min(newDecided, ids.base());
    if (from < unseenEnd) {
      notes.add(new LogNote.DecidedUnseen(from, unseenEnd));
      from = unseenEnd;
    }
    long entriesEnd = Math.min(newDecided, ids.end());
    for (long p = from; p < entriesEnd; p++) {
      notes.add(new LogNote.Decided(p, ids.get(p)));
    }
    decidedIdx = newDecided;
  }

  static <T> List<T> values(List<Envelope<T>> entries) {
    if (entries.size() == 1) {
      return List.of(entries.get(0).entry());
    }
    List<T> out = new ArrayList<>(entries.size());
    for (Envelope<T> e : entries) {
      out.add(e.entry());
    }
    return out;
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void stageSnapshot(S snapshot) {
    delegate.stageSnapshot(snapshot);
  }

  @Override
  public List<Envelope<T>> entries(long from, long to) {
    List<T> plain = delegate.entries(from, to);
    List<Envelope<T>> out = new ArrayList<>(plain.size());
    long p = from;
    for (T e : plain) {
      out.add(new Envelope<>(ids.get(p++), e));
    }
    return out;
  }

  @Override
  public long logLen() {
    return delegate.logLen();
  }

  @Override
  public Optional<Ballot> promise() {
    return delegate.promise();
  }

  @Override
  public Optional<Ballot> acceptedRound() {
    return delegate.acceptedRound();
  }

  @Override
  public long decidedIdx() {
    return delegate.decidedIdx();
  }

  @Override
  public long compactedIdx() {
    return delegate.compactedIdx();
  }

  @Override
  public Optional<StopSign> stopSign() {
    return delegate.stopSign();
  }

  @Override
  public Optional<S> snapshot() {
    return delegate.snapshot();
  }
}
