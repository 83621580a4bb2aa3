package dev.parley.application.support;

import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.TurnRecords;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.domain.agent.Agent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The small outbound ports in memory, for application tests that run without a database. */
public final class InMemoryPorts {
  private InMemoryPorts() {}

  /** A clock the test moves by hand. */
  public static final class ManualClock implements Clock {
    private Instant now;

    public ManualClock(Instant start) {
      this.now = start;
    }

    @Override
    public synchronized Instant now() {
      return now;
    }

    public synchronized void advance(Duration by) {
      now = now.plus(by);
    }
  }

  /** Ids in order: 00000000-0000-7000-8000-000000000001, ...02, ... */
  public static final class SequentialIds implements IdGenerator {
    private final AtomicLong next = new AtomicLong();

    @Override
    public UUID newId() {
      return new UUID(0x7000L, 0x8000000000000000L | next.incrementAndGet());
    }
  }

  /** Runs the work at once: there is no transaction to hold, and the tests do not roll back. */
  public static final class DirectUnitOfWork implements UnitOfWork {
    @Override
    public <T> T inTransaction(Supplier<T> work) {
      return work.get();
    }
  }

  public static final class Activity implements ActivityLog {
    public final List<NewEntry> entries = new ArrayList<>();

    @Override
    public synchronized void record(UUID tenantId, UUID chatId, String kind, Map<String, Object> detail, Instant at) {
      entries.add(new NewEntry(tenantId, chatId, kind, detail, at));
    }

    @Override
    public synchronized List<Entry> list(UUID tenantId, UUID chatId) {
      List<Entry> out = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        NewEntry e = entries.get(i);
        if (e.tenantId().equals(tenantId) && e.chatId().equals(chatId)) out.add(new Entry(i, e.chatId(), e.kind(), e.detail(), e.at()));
      }
      return out;
    }

    public synchronized List<String> kinds(UUID chatId) {
      return entries.stream().filter(e -> e.chatId().equals(chatId)).map(NewEntry::kind).toList();
    }
  }

  /** The outbox as far as the finish pipeline writes it; delivery is the JDBC adapter's. */
  public static final class Outbox implements WebhookOutbox {
    public final List<Delivery> enqueued = new ArrayList<>();

    @Override
    public synchronized void enqueue(Delivery delivery) {
      enqueued.add(delivery);
    }

    @Override
    public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
      throw new UnsupportedOperationException("delivery is not under test here");
    }

    @Override
    public boolean release(UUID tenantId, UUID id, Instant claimedUntil, Instant now) {
      throw new UnsupportedOperationException("delivery is not under test here");
    }

    @Override
    public void markDelivered(UUID tenantId, UUID id, int attempts, Instant at, Attempt attempt) {
      throw new UnsupportedOperationException("delivery is not under test here");
    }

    @Override
    public void scheduleRetry(UUID tenantId, UUID id, int attempts, Instant nextAttemptAt, String error, Attempt attempt) {
      throw new UnsupportedOperationException("delivery is not under test here");
    }

    @Override
    public void markDead(UUID tenantId, UUID id, int attempts, String error, Attempt attempt) {
      throw new UnsupportedOperationException("delivery is not under test here");
    }

    @Override
    public synchronized DeliveryPage list(DeliveryQuery q) {
      List<Delivery> matching = enqueued.stream().filter(d -> d.tenantId().equals(q.tenantId())
          && (q.chatId() == null || d.chatId().equals(q.chatId())) && (q.status() == null || d.status() == q.status())).toList();
      return new DeliveryPage(matching.stream().skip(q.skip()).limit(q.take()).toList(), matching.size());
    }

    @Override
    public List<Attempt> attemptLog(UUID tenantId, UUID id) {
      return List.of();
    }

    @Override
    public Optional<Delivery> find(UUID tenantId, UUID id) {
      return enqueued.stream().filter(d -> d.tenantId().equals(tenantId) && d.id().equals(id)).findFirst();
    }

    @Override
    public boolean replay(UUID tenantId, UUID id, Instant now) {
      throw new UnsupportedOperationException("delivery is not under test here");
    }
  }

  public static final class Notices implements ChatEventNotifier {
    public final List<ChatEvent> published = new ArrayList<>();

    @Override
    public synchronized void publish(ChatEvent event) {
      published.add(event);
    }
  }

  public static final class Turns implements TurnRecords {
    private final Map<List<Object>, TurnRecord> records = new HashMap<>();

    @Override
    public synchronized Optional<TurnRecord> find(UUID tenantId, UUID chatId, String idempotencyKey) {
      return Optional.ofNullable(records.get(List.of(tenantId, chatId, idempotencyKey)));
    }

    @Override
    public synchronized void insert(UUID tenantId, TurnRecord record, Instant at) {
      records.put(List.of(tenantId, record.chatId(), record.idempotencyKey()), record);
    }
  }

  public static final class Agents implements AgentRepository {
    private final Map<UUID, Agent> agents = new HashMap<>();

    @Override
    public synchronized void insert(Agent agent) {
      agents.put(agent.id(), agent);
    }

    @Override
    public synchronized void update(Agent agent) {
      agents.put(agent.id(), agent);
    }

    @Override
    public synchronized Optional<Agent> find(UUID tenantId, UUID agentId) {
      return Optional.ofNullable(agents.get(agentId)).filter(a -> a.tenantId().equals(tenantId));
    }

    @Override
    public synchronized List<Agent> list(UUID tenantId, int skip, int take) {
      return agents.values().stream().filter(a -> a.tenantId().equals(tenantId)).skip(skip).limit(take).toList();
    }

    @Override
    public synchronized long count(UUID tenantId) {
      return agents.values().stream().filter(a -> a.tenantId().equals(tenantId)).count();
    }
  }

  public static final class Tenants implements TenantRepository {
    private final Map<UUID, Tenant> tenants = new HashMap<>();
    private final Map<String, KeyGrant> keys = new HashMap<>();
    private final Map<UUID, ApiKey> apiKeys = new HashMap<>();
    private final Set<List<Object>> users = new HashSet<>();

    @Override
    public synchronized void insertTenant(Tenant tenant) {
      tenants.put(tenant.id(), tenant);
    }

    @Override
    public synchronized Optional<Tenant> findTenant(UUID tenantId) {
      return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public synchronized void setDefaultAgent(UUID tenantId, UUID agentId) {
      Tenant t = tenants.get(tenantId);
      tenants.put(tenantId, new Tenant(t.id(), t.name(), agentId, t.createdAt()));
    }

    @Override
    public synchronized void insertApiKey(ApiKey key, byte[] keyHash) {
      apiKeys.put(key.id(), key);
      keys.put(Arrays.toString(keyHash), new KeyGrant(key.tenantId(), key.id(), key.scope(), key.operator()));
    }

    @Override
    public synchronized Optional<KeyGrant> grantForKeyHash(byte[] keyHash) {
      return Optional.ofNullable(keys.get(Arrays.toString(keyHash)));
    }

    @Override
    public synchronized boolean revokeApiKey(UUID tenantId, UUID keyId, Instant now) {
      return apiKeys.remove(keyId) != null;
    }

    @Override
    public synchronized List<ApiKey> listApiKeys(UUID tenantId) {
      return apiKeys.values().stream().filter(k -> k.tenantId().equals(tenantId)).toList();
    }

    @Override
    public synchronized boolean ensureUser(UUID tenantId, String userId, Instant now) {
      return users.add(List.of(tenantId, userId));
    }

    @Override
    public synchronized boolean setRetentionDays(UUID tenantId, Integer days) {
      return tenants.containsKey(tenantId);
    }
  }
}
