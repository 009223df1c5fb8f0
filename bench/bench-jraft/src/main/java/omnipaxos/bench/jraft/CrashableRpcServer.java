package omnipaxos.bench.jraft;

import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.ConnectionClosedEventListener;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A JRaft RPC server that ignores every Raft request sent by a node in {@code crashed}. A JRaft leader
 * that shuts down hands leadership over on purpose (it sends TimeoutNow to its most up-to-date
 * follower); to measure a crash rather than that hand-over, the benchmark first marks the leader
 * crashed, so that its peers hear nothing more from it, and then shuts it down.
 */
final class CrashableRpcServer implements RpcServer {

  private final RpcServer delegate;
  private final Set<String> crashed;

  CrashableRpcServer(RpcServer delegate, Set<String> crashed) {
    this.delegate = delegate;
    this.crashed = crashed;
  }

  @Override
  public boolean init(Void opts) {
    return delegate.init(opts);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public void registerConnectionClosedEventListener(ConnectionClosedEventListener listener) {
    delegate.registerConnectionClosedEventListener(listener);
  }

  @Override
  public void registerProcessor(RpcProcessor<?> processor) {
    delegate.registerProcessor(filtered(processor));
  }

  @Override
  public int boundPort() {
    return delegate.boundPort();
  }

  private <T> RpcProcessor<T> filtered(RpcProcessor<T> processor) {
    return new RpcProcessor<>() {
      @Override
      public void handleRequest(RpcContext ctx, T request) {
        if (!fromCrashed(request)) {
          processor.handleRequest(ctx, request);
        }
      }

      @Override
      public String interest() {
        return processor.interest();
      }

      @Override
      public Executor executor() {
        return processor.executor();
      }

      @Override
      public ExecutorSelector executorSelector() {
        return processor.executorSelector();
      }
    };
  }

  private boolean fromCrashed(Object request) {
    if (crashed.isEmpty() || !(request instanceof Message m)) {
      return false;
    }
    Descriptors.FieldDescriptor f = m.getDescriptorForType().findFieldByName("server_id");
    return f != null && crashed.contains(String.valueOf(m.getField(f)));
  }

}
