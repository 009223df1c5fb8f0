package omnipaxos.kv.command.lists;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import omnipaxos.kv.command.Footprint;

/**
 * The elements of a list: cheap at both ends (the head half is kept reversed), indexed access,
 * and insertion or removal in the middle in linear time. Elements are never copied on the way in
 * or out: callers hand over arrays they no longer change. Not thread-safe.
 */
public final class Elements extends Footprint.Measured {

  private List<byte[]> head = new ArrayList<>();
  private List<byte[]> tail = new ArrayList<>();

  /** An empty list. */
  public Elements() {
    super(Footprint.LIST);
  }

  /** A list of {@code elements}, in order. */
  public static Elements of(List<byte[]> elements) {
    Elements e = new Elements();
    for (byte[] v : elements) {
      e.addLast(v);
    }
    return e;
  }

  /** A copy (the element arrays, never changed, are shared). */
  public Elements copy() {
    Elements e = new Elements();
    e.head = new ArrayList<>(head);
    e.tail = new ArrayList<>(tail);
    e.sameAs(this);
    return e;
  }

  public int size() {
    return head.size() + tail.size();
  }

  /** Element {@code i}, 0 the first. */
  public byte[] get(int i) {
    return i < head.size() ? head.get(head.size() - 1 - i) : tail.get(i - head.size());
  }

  /** Replaces element {@code i}. */
  public void set(int i, byte[] v) {
    grow(Footprint.array(v.length) - Footprint.array(get(i).length));
    if (i < head.size()) {
      head.set(head.size() - 1 - i, v);
    } else {
      tail.set(i - head.size(), v);
    }
  }

  public void addFirst(byte[] v) {
    grow(cost(v));
    head.add(v);
  }

  public void addLast(byte[] v) {
    grow(cost(v));
    tail.add(v);
  }

  private static long cost(byte[] v) {
    return Footprint.LIST_ELEMENT + Footprint.array(v.length);
  }

  /** Removes and returns the first element. */
  public byte[] removeFirst() {
    if (head.isEmpty()) {
      head = reversedPrefix(tail, (tail.size() + 1) / 2);
      tail = new ArrayList<>(tail.subList(head.size(), tail.size()));
    }
    byte[] v = head.remove(head.size() - 1);
    grow(-cost(v));
    return v;
  }

  /** Removes and returns the last element. */
  public byte[] removeLast() {
    if (tail.isEmpty()) {
      tail = reversedPrefix(head, (head.size() + 1) / 2);
      head = new ArrayList<>(head.subList(tail.size(), head.size()));
    }
    byte[] v = tail.remove(tail.size() - 1);
    grow(-cost(v));
    return v;
  }

  /** Inserts {@code v} at position {@code i} (before the element now there). */
  public void insert(int i, byte[] v) {
    flatten();
    grow(cost(v));
    tail.add(i, v);
  }

  /** Removes element {@code i}. */
  public void remove(int i) {
    flatten();
    grow(-cost(tail.remove(i)));
  }

  /** Keeps only the elements from {@code from} to {@code to} inclusive (valid indices). */
  public void keep(int from, int to) {
    flatten();
    for (int i = 0; i < tail.size(); i++) {
      if (i < from || i > to) {
        grow(-cost(tail.get(i)));
      }
    }
    tail = new ArrayList<>(tail.subList(from, to + 1));
  }

  /** The elements in order (a new list). */
  public List<byte[]> toList() {
    List<byte[]> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(get(i));
    }
    return out;
  }

  /** Moves every element to the tail half. */
  private void flatten() {
    if (!head.isEmpty()) {
      List<byte[]> all = new ArrayList<>(size());
      for (int i = head.size() - 1; i >= 0; i--) {
        all.add(head.get(i));
      }
      all.addAll(tail);
      head = new ArrayList<>();
      tail = all;
    }
  }

  /** The first {@code k} elements of {@code from}, in reverse order. */
  private static List<byte[]> reversedPrefix(List<byte[]> from, int k) {
    List<byte[]> out = new ArrayList<>(from.subList(0, k));
    Collections.reverse(out);
    return out;
  }
}
