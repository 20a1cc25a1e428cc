/*
 * rdkafka-perf: librdkafka's own speed against a broker, without a language binding in the way
 * (the Node binding costs microseconds per record). `minikafka bench` compiles it on first use
 * against the librdkafka that compat/clients/install.sh builds, and runs:
 *
 *   rdkafka-perf produce <bootstrap> <topic> <record-size> <acks> <duration-ms>
 *     produces to partition 0 for duration-ms; counts the records acknowledged in that time;
 *   rdkafka-perf consume <bootstrap> <topic> <records> <duration-ms>
 *     reads partition 0 from offset 0 (assigned, no group) until <records> or duration-ms have
 *     passed since the first record; timed from the first record.
 *
 * stdout: one JSON line {"records":N,"seconds":S,"error":null|"..."}; exit 0 even on errors
 * (the error is in the JSON), 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

static double now_s(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long delivered, failed;
static char first_error[256];

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
        (void)rk;
        (void)opaque;
        if (m->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE) return; /* dropped after the measurement */
        if (m->err) {
                if (!failed++) snprintf(first_error, sizeof first_error, "%s", rd_kafka_err2str(m->err));
        } else
                delivered++;
}

static void result(long records, double seconds, const char *error) {
        if (error)
                printf("{\"records\":%ld,\"seconds\":%.6f,\"error\":\"%s\"}\n", records, seconds, error);
        else
                printf("{\"records\":%ld,\"seconds\":%.6f,\"error\":null}\n", records, seconds);
}

static rd_kafka_conf_t *config(const char *bootstrap, const char **pairs) {
        char err[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err) != RD_KAFKA_CONF_OK) goto bad;
        for (; pairs[0]; pairs += 2)
                if (rd_kafka_conf_set(conf, pairs[0], pairs[1], err, sizeof err) != RD_KAFKA_CONF_OK) goto bad;
        return conf;
bad:
        result(0, 0, err);
        exit(0);
}

static int produce(const char *bootstrap, const char *topic, int size, const char *acks, double duration) {
        const char *pairs[] = {"client.id", "minikafka-bench", "acks", acks, "linger.ms", "5", "batch.size", "1000000",
                               "queue.buffering.max.messages", "100000", "queue.buffering.max.kbytes", "65536",
                               "enable.idempotence", "false", NULL};
        char err[512];
        rd_kafka_conf_t *conf = config(bootstrap, pairs);
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
        if (!rk) return result(0, 0, err), 0;
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        char *value = malloc(size);
        memset(value, 'x', size);
        long produced = 0;
        double start = now_s(), deadline = start + duration;
        for (;;) {
                if ((produced & 1023) == 0) {
                        rd_kafka_poll(rk, 0);
                        if (now_s() >= deadline) break;
                }
                if (rd_kafka_produce(rkt, 0, 0, value, size, NULL, 0, NULL) == -1) {
                        rd_kafka_resp_err_t e = rd_kafka_last_error();
                        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                                result(delivered, now_s() - start, rd_kafka_err2str(e));
                                return 0;
                        }
                        rd_kafka_poll(rk, 1);
                        if (now_s() >= deadline) break;
                        continue;
                }
                produced++;
        }
        /* What was acknowledged in time; the queue's rest is dropped, not waited for. */
        rd_kafka_poll(rk, 0);
        long acknowledged = delivered;
        double seconds = now_s() - start;
        rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE);
        rd_kafka_resp_err_t e = rd_kafka_flush(rk, 30000);
        if (e && !first_error[0]) snprintf(first_error, sizeof first_error, "flush: %s", rd_kafka_err2str(e));
        result(acknowledged, seconds, first_error[0] ? first_error : NULL);
        rd_kafka_topic_destroy(rkt);
        rd_kafka_destroy(rk);
        free(value);
        return 0;
}

static int consume(const char *bootstrap, const char *topic, long target, double duration) {
        const char *pairs[] = {"client.id", "minikafka-bench", "group.id", "minikafka-bench-perf", "enable.auto.commit", "false",
                               "enable.partition.eof", "false", NULL};
        char err[512];
        rd_kafka_conf_t *conf = config(bootstrap, pairs);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
        if (!rk) return result(0, 0, err), 0;
        rd_kafka_poll_set_consumer(rk);
        rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(parts, topic, 0)->offset = 0;
        rd_kafka_assign(rk, parts);
        rd_kafka_topic_partition_list_destroy(parts);
        long total = 0, counted = 0;
        double first = 0, last = 0, give_up = now_s() + duration + 10;
        const char *error = NULL;
        while (total < target) {
                rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
                double t = now_s();
                if (m) {
                        if (m->err) {
                                snprintf(first_error, sizeof first_error, "%s", rd_kafka_message_errstr(m));
                                error = first_error;
                                rd_kafka_message_destroy(m);
                                break;
                        }
                        rd_kafka_message_destroy(m);
                        total++;
                        if (first == 0) first = t; /* the first record only starts the clock */
                        else counted++;
                        last = t;
                }
                if ((first > 0 && t - first >= duration) || t >= give_up) break;
        }
        result(counted, last - first, error);
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        return 0;
}

int main(int argc, char **argv) {
        if (argc == 7 && !strcmp(argv[1], "produce")) return produce(argv[2], argv[3], atoi(argv[4]), argv[5], atof(argv[6]) / 1000);
        if (argc == 6 && !strcmp(argv[1], "consume")) return consume(argv[2], argv[3], atol(argv[4]), atof(argv[5]) / 1000);
        fprintf(stderr, "usage: rdkafka-perf produce <bootstrap> <topic> <record-size> <acks> <duration-ms>\n"
                        "       rdkafka-perf consume <bootstrap> <topic> <records> <duration-ms>\n");
        return 2;
}
