/*
 * share-consumer: a share-group (KIP-932) worker on librdkafka's share consumer API, driven by
 * compat/share.test.ts (and handy by hand: see --help).
 *
 * stdout: one JSON line per delivered record:
 *   {"worker":..,"topic":..,"partition":..,"offset":..,"key":..,"value":..,"deliveryCount":..,"action":..}
 *   action is accept, release, reject or hold (--hang-if: never acknowledged).
 * stderr: one JSON line per event ("group_config", "ready", "ack", "commit", "record_error", "error",
 *   "closing", "exit"), plus librdkafka's own
 *   log lines (--config debug=cgrp,fetch,protocol).
 *
 * SIGTERM/SIGINT: acknowledges what it processed, closes the consumer (so the broker releases
 * anything still acquired) and exits 0. SIGKILL is left to the broker to cope with.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#define MAX_LIST 32

struct options {
        const char *bootstrap;
        const char *group;
        const char *name;
        const char *topics[MAX_LIST];
        int topic_cnt;
        const char *configs[MAX_LIST];
        int config_cnt;
        const char *release_if[MAX_LIST]; /* release on first delivery, accept later */
        int release_if_cnt;
        const char *release_always_if[MAX_LIST]; /* release every time (poison) */
        int release_always_if_cnt;
        const char *reject_if[MAX_LIST];
        int reject_if_cnt;
        const char *hang_if[MAX_LIST]; /* stop acknowledging anything: hold until killed */
        int hang_if_cnt;
        const char *slow_if[MAX_LIST]; /* only these take --process-ms */
        int slow_if_cnt;
        const char *group_configs[MAX_LIST]; /* set on the group before joining it */
        int group_config_cnt;
        int explicit_ack;
        long max_records;       /* exit after this many records were processed; 0: never */
        long exit_after_idle_ms; /* exit after no records for this long; 0: never */
        long process_ms;        /* pretend each record takes this long */
        int poll_ms;
};

static volatile sig_atomic_t stop_requested = 0;
static const char *worker = "worker";

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static int64_t now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms) {
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) == -1 && errno == EINTR && !stop_requested)
                ;
}

/* Writes s (len bytes, or NULL) as a JSON string. */
static void json_str(FILE *f, const char *s, size_t len) {
        size_t i;
        if (!s) {
                fputs("null", f);
                return;
        }
        fputc('"', f);
        for (i = 0; i < len; i++) {
                unsigned char c = (unsigned char)s[i];
                if (c == '"' || c == '\\')
                        fprintf(f, "\\%c", c);
                else if (c < 0x20)
                        fprintf(f, "\\u%04x", c);
                else
                        fputc(c, f);
        }
        fputc('"', f);
}

static void json_cstr(FILE *f, const char *s) {
        json_str(f, s, s ? strlen(s) : 0);
}

/* An event line on stderr: {"worker":..,"event":..,"error":..} plus an optional detail. */
static void event(const char *name, const char *error, const char *detail) {
        flockfile(stderr); /* one whole line: librdkafka's threads log to stderr too */
        fprintf(stderr, "{\"worker\":");
        json_cstr(stderr, worker);
        fprintf(stderr, ",\"event\":");
        json_cstr(stderr, name);
        fprintf(stderr, ",\"error\":");
        json_cstr(stderr, error);
        if (detail) {
                fprintf(stderr, ",\"detail\":");
                json_cstr(stderr, detail);
        }
        fprintf(stderr, "}\n");
        fflush(stderr);
        funlockfile(stderr);
}

static int contains(const void *buf, size_t len, const char *needle) {
        size_t n = strlen(needle), i;
        if (!buf || n > len)
                return 0;
        for (i = 0; i + n <= len; i++)
                if (!memcmp((const char *)buf + i, needle, n))
                        return 1;
        return 0;
}

static int matches(const rd_kafka_message_t *m, const char **list, int cnt) {
        int i;
        for (i = 0; i < cnt; i++)
                if (contains(m->payload, m->len, list[i]) ||
                    contains(m->key, m->key_len, list[i]))
                        return 1;
        return 0;
}

/* The acknowledgement-commit callback: which offsets the broker took, per partition. */
static void on_ack_commit(rd_kafka_share_t *rkshare,
                          rd_kafka_share_partition_offsets_list_t *list,
                          rd_kafka_resp_err_t err,
                          void *opaque) {
        size_t i, j;
        (void)rkshare;
        (void)opaque;
        flockfile(stderr);
        for (i = 0; i < rd_kafka_share_partition_offsets_list_count(list); i++) {
                const rd_kafka_share_partition_offsets_t *po =
                    rd_kafka_share_partition_offsets_list_get(list, i);
                const rd_kafka_topic_partition_t *tp =
                    rd_kafka_share_partition_offsets_partition(po);
                const int64_t *offsets = rd_kafka_share_partition_offsets_offsets(po);
                size_t cnt = rd_kafka_share_partition_offsets_offsets_cnt(po);
                rd_kafka_resp_err_t perr = tp->err ? tp->err : err;
                fprintf(stderr, "{\"worker\":");
                json_cstr(stderr, worker);
                fprintf(stderr, ",\"event\":\"ack\",\"topic\":");
                json_cstr(stderr, tp->topic);
                fprintf(stderr, ",\"partition\":%d,\"offsets\":[", (int)tp->partition);
                for (j = 0; j < cnt; j++)
                        fprintf(stderr, "%s%lld", j ? "," : "", (long long)offsets[j]);
                fprintf(stderr, "],\"error\":");
                json_cstr(stderr, perr ? rd_kafka_err2name(perr) : NULL);
                fprintf(stderr, "}\n");
        }
        fflush(stderr);
        funlockfile(stderr);
}

/* Sends the acknowledgements made so far and reports each partition's result. */
static void commit_sync(rd_kafka_share_t *rkshare) {
        rd_kafka_topic_partition_list_t *parts = NULL;
        rd_kafka_error_t *error = rd_kafka_share_commit_sync(rkshare, 10000, &parts);
        int i;
        if (error) {
                event("commit", rd_kafka_error_name(error), rd_kafka_error_string(error));
                rd_kafka_error_destroy(error);
        }
        if (!parts)
                return;
        flockfile(stderr);
        for (i = 0; i < parts->cnt; i++) {
                const rd_kafka_topic_partition_t *tp = &parts->elems[i];
                fprintf(stderr, "{\"worker\":");
                json_cstr(stderr, worker);
                fprintf(stderr, ",\"event\":\"commit\",\"topic\":");
                json_cstr(stderr, tp->topic);
                fprintf(stderr, ",\"partition\":%d,\"error\":", (int)tp->partition);
                json_cstr(stderr, tp->err ? rd_kafka_err2name(tp->err) : NULL);
                fprintf(stderr, "}\n");
        }
        fflush(stderr);
        funlockfile(stderr);
        rd_kafka_topic_partition_list_destroy(parts);
}

static void print_record(const rd_kafka_message_t *m, const char *action) {
        printf("{\"worker\":");
        json_cstr(stdout, worker);
        printf(",\"topic\":");
        json_cstr(stdout, rd_kafka_topic_name(m->rkt));
        printf(",\"partition\":%d,\"offset\":%lld,\"key\":", (int)m->partition,
               (long long)m->offset);
        json_str(stdout, m->key, m->key_len);
        printf(",\"value\":");
        json_str(stdout, m->payload, m->len);
        printf(",\"deliveryCount\":%d,\"action\":\"%s\"}\n",
               (int)rd_kafka_message_delivery_count(m), action);
        fflush(stdout);
}

static void usage(const char *argv0, int code) {
        fprintf(code ? stderr : stdout,
                "usage: %s --bootstrap HOST:PORT --group ID --topic T [--topic T2 ...] [options]\n"
                "  --name NAME               worker name in every output line (default: worker)\n"
                "  --explicit                explicit acknowledgement (implied by the flags below)\n"
                "  --release-if S            release a record whose key or value contains S on its\n"
                "                            first delivery, accept it when it comes back\n"
                "  --release-always-if S     release it on every delivery (a poison record)\n"
                "  --reject-if S             reject it (never delivered again)\n"
                "  --hang-if S               stop there: acknowledge nothing more, hold until killed\n"
                "  --process-ms N            spend N ms on each record before acknowledging it\n"
                "  --slow-if S               only records whose key or value contains S take --process-ms\n"
                "  --max-records N           exit after N records were processed\n"
                "  --exit-after-idle-ms N    exit after N ms without a record\n"
                "  --poll-ms N               rd_kafka_share_poll timeout (default 200)\n"
                "  --config K=V              any librdkafka setting (repeatable), e.g. debug=cgrp,fetch\n"
                "  --set-group-config K=V    first set a group config with IncrementalAlterConfigs,\n"
                "                            e.g. share.auto.offset.reset=earliest (repeatable)\n",
                argv0);
        exit(code);
}

static void add(const char **list, int *cnt, const char *v, const char *flag) {
        if (*cnt >= MAX_LIST) {
                fprintf(stderr, "too many %s\n", flag);
                exit(2);
        }
        list[(*cnt)++] = v;
}

static void parse_args(int argc, char **argv, struct options *o) {
        int i;
        memset(o, 0, sizeof(*o));
        o->poll_ms = 200;
        for (i = 1; i < argc; i++) {
                const char *a = argv[i];
                const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKES_VALUE                                                            \
        do {                                                                   \
                if (!v) {                                                      \
                        fprintf(stderr, "%s needs a value\n", a);             \
                        exit(2);                                               \
                }                                                              \
                i++;                                                           \
        } while (0)
                if (!strcmp(a, "--help") || !strcmp(a, "-h"))
                        usage(argv[0], 0);
                else if (!strcmp(a, "--bootstrap") || !strcmp(a, "-b")) {
                        TAKES_VALUE;
                        o->bootstrap = v;
                } else if (!strcmp(a, "--group") || !strcmp(a, "-g")) {
                        TAKES_VALUE;
                        o->group = v;
                } else if (!strcmp(a, "--topic") || !strcmp(a, "-t")) {
                        TAKES_VALUE;
                        add(o->topics, &o->topic_cnt, v, a);
                } else if (!strcmp(a, "--name")) {
                        TAKES_VALUE;
                        o->name = v;
                } else if (!strcmp(a, "--config") || !strcmp(a, "-X")) {
                        TAKES_VALUE;
                        add(o->configs, &o->config_cnt, v, a);
                } else if (!strcmp(a, "--explicit")) {
                        o->explicit_ack = 1;
                } else if (!strcmp(a, "--release-if")) {
                        TAKES_VALUE;
                        add(o->release_if, &o->release_if_cnt, v, a);
                } else if (!strcmp(a, "--release-always-if")) {
                        TAKES_VALUE;
                        add(o->release_always_if, &o->release_always_if_cnt, v, a);
                } else if (!strcmp(a, "--reject-if")) {
                        TAKES_VALUE;
                        add(o->reject_if, &o->reject_if_cnt, v, a);
                } else if (!strcmp(a, "--hang-if")) {
                        TAKES_VALUE;
                        add(o->hang_if, &o->hang_if_cnt, v, a);
                } else if (!strcmp(a, "--set-group-config")) {
                        TAKES_VALUE;
                        add(o->group_configs, &o->group_config_cnt, v, a);
                } else if (!strcmp(a, "--slow-if")) {
                        TAKES_VALUE;
                        add(o->slow_if, &o->slow_if_cnt, v, a);
                } else if (!strcmp(a, "--process-ms")) {
                        TAKES_VALUE;
                        o->process_ms = atol(v);
                } else if (!strcmp(a, "--max-records")) {
                        TAKES_VALUE;
                        o->max_records = atol(v);
                } else if (!strcmp(a, "--exit-after-idle-ms")) {
                        TAKES_VALUE;
                        o->exit_after_idle_ms = atol(v);
                } else if (!strcmp(a, "--poll-ms")) {
                        TAKES_VALUE;
                        o->poll_ms = atoi(v);
                } else {
                        fprintf(stderr, "unknown argument: %s\n", a);
                        usage(argv[0], 2);
                }
#undef TAKES_VALUE
        }
        if (!o->bootstrap || !o->group || o->topic_cnt == 0)
                usage(argv[0], 2);
        if (o->release_if_cnt || o->release_always_if_cnt || o->reject_if_cnt || o->hang_if_cnt)
                o->explicit_ack = 1;
}

/* Sets --set-group-config values on the group (IncrementalAlterConfigs, GROUP resource) with an
 * admin client on the same connection settings; exits 1 if the broker refuses. */
static void set_group_configs(const struct options *o) {
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        rd_kafka_ConfigResource_t *res;
        rd_kafka_queue_t *q;
        rd_kafka_event_t *ev;
        const rd_kafka_IncrementalAlterConfigs_result_t *result;
        const rd_kafka_ConfigResource_t **resources;
        size_t cnt, i;
        int c;

        rd_kafka_conf_set(conf, "bootstrap.servers", o->bootstrap, NULL, 0);
        for (c = 0; c < o->config_cnt; c++) { /* connection settings; others do not apply here */
                char *kv = strdup(o->configs[c]), *eq = strchr(kv, '=');
                if (eq && (!strncmp(kv, "broker.", 7) || !strncmp(kv, "security.", 9) ||
                           !strncmp(kv, "sasl.", 5) || !strncmp(kv, "ssl.", 4) ||
                           !strcmp(kv, "debug"))) {
                        *eq = '\0';
                        rd_kafka_conf_set(conf, kv, eq + 1, NULL, 0);
                }
                free(kv);
        }
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                event("error", "rd_kafka_new", errstr);
                exit(1);
        }
        res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_GROUP, o->group);
        for (c = 0; c < o->group_config_cnt; c++) {
                char *kv = strdup(o->group_configs[c]), *eq = strchr(kv, '=');
                rd_kafka_error_t *error;
                if (!eq) {
                        event("error", "config", o->group_configs[c]);
                        exit(2);
                }
                *eq = '\0';
                if ((error = rd_kafka_ConfigResource_add_incremental_config(
                         res, kv, RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET, eq + 1))) {
                        event("error", rd_kafka_error_name(error), rd_kafka_error_string(error));
                        exit(2);
                }
                free(kv);
        }
        q = rd_kafka_queue_new(rk);
        rd_kafka_IncrementalAlterConfigs(rk, &res, 1, NULL, q);
        ev = rd_kafka_queue_poll(q, 15000);
        if (!ev || rd_kafka_event_error(ev)) {
                event("group_config", ev ? rd_kafka_err2name(rd_kafka_event_error(ev)) : "timed out",
                      ev ? rd_kafka_event_error_string(ev) : NULL);
                exit(1);
        }
        result    = rd_kafka_event_IncrementalAlterConfigs_result(ev);
        resources = rd_kafka_IncrementalAlterConfigs_result_resources(result, &cnt);
        for (i = 0; i < cnt; i++) {
                rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(resources[i]);
                event("group_config", err ? rd_kafka_err2name(err) : NULL,
                      err ? rd_kafka_ConfigResource_error_string(resources[i]) : o->group);
                if (err)
                        exit(1);
        }
        rd_kafka_event_destroy(ev);
        rd_kafka_queue_destroy(q);
        rd_kafka_ConfigResource_destroy(res);
        rd_kafka_destroy(rk);
}

static rd_kafka_share_t *create_consumer(const struct options *o) {
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        int i;
#define SET(k, v)                                                              \
        if (rd_kafka_conf_set(conf, k, v, errstr, sizeof(errstr)) !=           \
            RD_KAFKA_CONF_OK) {                                                \
                event("error", "config", errstr);                              \
                exit(2);                                                       \
        }
        SET("bootstrap.servers", o->bootstrap);
        SET("group.id", o->group);
        SET("client.id", worker);
        SET("share.acknowledgement.mode", o->explicit_ack ? "explicit" : "implicit");
        for (i = 0; i < o->config_cnt; i++) {
                char *kv = strdup(o->configs[i]);
                char *eq = strchr(kv, '=');
                if (!eq) {
                        event("error", "config", o->configs[i]);
                        exit(2);
                }
                *eq = '\0';
                SET(kv, eq + 1);
                free(kv);
        }
#undef SET
        rd_kafka_share_t *rkshare = rd_kafka_share_consumer_new(conf, errstr, sizeof(errstr));
        if (!rkshare) {
                event("error", "rd_kafka_share_consumer_new", errstr);
                exit(1);
        }
        return rkshare;
}

int main(int argc, char **argv) {
        struct options o;
        rd_kafka_share_t *rkshare;
        rd_kafka_topic_partition_list_t *topics;
        rd_kafka_error_t *error;
        rd_kafka_resp_err_t err;
        long processed = 0;
        int64_t last_record = now_ms();
        int hanging = 0, i;
        struct sigaction sa;

        parse_args(argc, argv, &o);
        if (o.name)
                worker = o.name;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);

        if (o.group_config_cnt)
                set_group_configs(&o);
        rkshare = create_consumer(&o);
        if ((error = rd_kafka_share_set_acknowledgement_commit_cb(rkshare, on_ack_commit, NULL))) {
                event("error", rd_kafka_error_name(error), rd_kafka_error_string(error));
                return 1;
        }
        topics = rd_kafka_topic_partition_list_new(o.topic_cnt);
        for (i = 0; i < o.topic_cnt; i++)
                rd_kafka_topic_partition_list_add(topics, o.topics[i], RD_KAFKA_PARTITION_UA);
        if ((err = rd_kafka_share_subscribe(rkshare, topics))) {
                event("error", rd_kafka_err2name(err), "rd_kafka_share_subscribe");
                return 1;
        }
        rd_kafka_topic_partition_list_destroy(topics);
        event("ready", NULL, o.explicit_ack ? "explicit" : "implicit");

        while (!stop_requested) {
                rd_kafka_messages_t *batch = NULL;
                size_t cnt, j;

                if (hanging) { /* holding records unacknowledged: no polls, no acks */
                        sleep_ms(100);
                        continue;
                }
                if (o.max_records && processed >= o.max_records)
                        break;
                if (o.exit_after_idle_ms && now_ms() - last_record >= o.exit_after_idle_ms)
                        break;

                error = rd_kafka_share_poll(rkshare, o.poll_ms, &batch);
                if (error) {
                        event("error", rd_kafka_error_name(error), rd_kafka_error_string(error));
                        if (rd_kafka_error_is_fatal(error)) {
                                rd_kafka_error_destroy(error);
                                break;
                        }
                        rd_kafka_error_destroy(error);
                        continue;
                }
                cnt = rd_kafka_messages_count(batch);
                if (cnt)
                        last_record = now_ms();
                for (j = 0; j < cnt; j++) {
                        rd_kafka_message_t *m = rd_kafka_messages_get(batch, j);
                        rd_kafka_share_AcknowledgeType_t type = RD_KAFKA_SHARE_ACKNOWLEDGE_TYPE_ACCEPT;
                        const char *action = "accept";

                        if (m->err) {
                                /* librdkafka has acknowledged it itself (reject/release) */
                                char detail[256];
                                snprintf(detail, sizeof(detail), "%s [%d] @%lld: %s",
                                         m->rkt ? rd_kafka_topic_name(m->rkt) : "?",
                                         (int)m->partition, (long long)m->offset,
                                         rd_kafka_message_errstr(m));
                                event("record_error", rd_kafka_err2name(m->err), detail);
                                continue;
                        }
                        if (hanging || matches(m, o.hang_if, o.hang_if_cnt)) {
                                /* Hand in what this batch settled so far; hold the rest. */
                                if (!hanging && j > 0)
                                        commit_sync(rkshare);
                                hanging = 1;
                                print_record(m, "hold");
                                continue;
                        }
                        if (matches(m, o.release_always_if, o.release_always_if_cnt) ||
                            (matches(m, o.release_if, o.release_if_cnt) &&
                             rd_kafka_message_delivery_count(m) <= 1)) {
                                type = RD_KAFKA_SHARE_ACKNOWLEDGE_TYPE_RELEASE;
                                action = "release";
                        } else if (matches(m, o.reject_if, o.reject_if_cnt)) {
                                type = RD_KAFKA_SHARE_ACKNOWLEDGE_TYPE_REJECT;
                                action = "reject";
                        }
                        if (o.process_ms &&
                            (!o.slow_if_cnt || matches(m, o.slow_if, o.slow_if_cnt)))
                                sleep_ms(o.process_ms);
                        print_record(m, action);
                        if (o.explicit_ack &&
                            (err = rd_kafka_share_acknowledge_type(rkshare, m, type)))
                                event("error", rd_kafka_err2name(err), "rd_kafka_share_acknowledge_type");
                        processed++;
                }
                rd_kafka_messages_destroy(batch);
                /* Acknowledge now rather than with the next poll, so results show up per batch. */
                if (cnt && !hanging)
                        commit_sync(rkshare);
        }

        event("closing", NULL, NULL);
        if ((error = rd_kafka_share_consumer_close(rkshare))) {
                event("error", rd_kafka_error_name(error), rd_kafka_error_string(error));
                rd_kafka_error_destroy(error);
        }
        if ((error = rd_kafka_share_destroy(rkshare))) {
                event("error", rd_kafka_error_name(error), rd_kafka_error_string(error));
                rd_kafka_error_destroy(error);
        }
        event("exit", NULL, NULL);
        return 0;
}
