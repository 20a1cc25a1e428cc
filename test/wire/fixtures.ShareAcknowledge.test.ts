/**
 * ShareAcknowledge (key 79) byte fixtures, written by hand from ShareAcknowledgeRequest/
 * Response.json (v0) and librdkafka 2.15's rd_kafka_ShareAcknowledgeRequest,
 * rd_kafka_share_acknowledge_reply_handle and rd_kafka_mock_handle_ShareAcknowledge (v1).
 * Flexible in all versions; v0 and v1 have the same layout, so v1 (what librdkafka sends) is
 * covered in full and v0 once to pin that.
 */
import {
  ShareAcknowledge,
  ShareAcknowledgeRequest,
  ShareAcknowledgeResponse,
} from '../../wire/apis/ShareAcknowledge';
import { UUID_A, UUID_A_HEX, fixture } from './fixtureHelpers';

const request = (title: string, version: number, value: ShareAcknowledgeRequest, bytes: string) =>
  fixture(title, ShareAcknowledge.request, version, value, bytes);
const response = (title: string, version: number, value: ShareAcknowledgeResponse, bytes: string) =>
  fixture(title, ShareAcknowledge.response, version, value, bytes);

const G = '67'; // "g"
const M = '6d'; // "m"
const NO = '6e6f'; // "no"
const H = '68'; // "h"

// ---- request ----

const ACK: ShareAcknowledgeRequest = {
  groupId: 'g',
  memberId: 'm',
  shareSessionEpoch: 2,
  topics: [
    {
      topicId: UUID_A,
      partitions: [
        {
          partitionIndex: 0,
          acknowledgementBatches: [
            { firstOffset: 0, lastOffset: 2, acknowledgeTypes: [3] },
            { firstOffset: 4, lastOffset: 5, acknowledgeTypes: [1, 2] },
          ],
        },
      ],
    },
  ],
};

const ACK_BYTES =
  '02' + G + // groupId = "g"
  '02' + M + // memberId = "m"
  '00000002' + // shareSessionEpoch = 2
  '02' + // topics: 1
  UUID_A_HEX + //   topicId
  '02' + //   partitions: 1
  '00000000' + //     partitionIndex = 0
  '03' + //     acknowledgementBatches: 2
  '0000000000000000' + //       firstOffset = 0
  '0000000000000002' + //       lastOffset = 2
  '02' + '03' + //       acknowledgeTypes = [3 reject] for the whole range
  '00' + //       tagged fields: none
  '0000000000000004' + //       firstOffset = 4
  '0000000000000005' + //       lastOffset = 5
  '03' + '01' + '02' + //       acknowledgeTypes = [1 accept, 2 release], one per offset
  '00' + //       tagged fields: none
  '00' + //     partition tagged fields: none
  '00' + //   topic tagged fields: none
  '00'; // tagged fields: none

request('newest (librdkafka)', 1, ACK, ACK_BYTES);
request('v0 has the v1 layout', 0, ACK, ACK_BYTES);

request(
  'newest: close the session, null group',
  1,
  { groupId: null, memberId: 'm', shareSessionEpoch: -1, topics: [] },
  '00' + // groupId = null
    '02' + M + // memberId
    'ffffffff' + // shareSessionEpoch = -1 (close)
    '01' + // topics: 0
    '00', // tagged fields: none
);

// ---- response ----

const RESPONSE: ShareAcknowledgeResponse = {
  throttleTimeMs: 0,
  errorCode: 0,
  errorMessage: null,
  responses: [
    {
      topicId: UUID_A,
      partitions: [
        { partitionIndex: 0, errorCode: 0, errorMessage: null, currentLeader: { leaderId: 1, leaderEpoch: 0 } },
        { partitionIndex: 1, errorCode: 121, errorMessage: 'no', currentLeader: { leaderId: -1, leaderEpoch: -1 } },
      ],
    },
  ],
  nodeEndpoints: [{ nodeId: 1, host: 'h', port: 9092, rack: 'r' }],
};

const RESPONSE_BYTES =
  '00000000' + // throttleTimeMs
  '0000' + // errorCode
  '00' + // errorMessage = null
  '02' + // responses: 1
  UUID_A_HEX + //   topicId
  '03' + //   partitions: 2
  '00000000' + //     partitionIndex = 0
  '0000' + //     errorCode
  '00' + //     errorMessage = null
  '00000001' + //     currentLeader.leaderId = 1
  '00000000' + //     currentLeader.leaderEpoch = 0
  '00' + //     currentLeader tagged fields: none
  '00' + //     partition tagged fields: none
  '00000001' + //     partitionIndex = 1
  '0079' + //     errorCode = 121 INVALID_RECORD_STATE
  '03' + NO + //     errorMessage = "no"
  'ffffffff' + //     currentLeader.leaderId = -1
  'ffffffff' + //     currentLeader.leaderEpoch = -1
  '00' + //     currentLeader tagged fields: none
  '00' + //     partition tagged fields: none
  '00' + //   topic tagged fields: none
  '02' + // nodeEndpoints: 1
  '00000001' + //   nodeId = 1
  '02' + H + //   host = "h"
  '00002384' + //   port = 9092
  '02' + '72' + //   rack = "r"
  '00' + //   tagged fields: none
  '00'; // tagged fields: none

response('newest', 1, RESPONSE, RESPONSE_BYTES);
response('v0 has the v1 layout', 0, RESPONSE, RESPONSE_BYTES);

response(
  'newest: top-level error',
  1,
  { throttleTimeMs: 0, errorCode: 122, errorMessage: 'no', responses: [], nodeEndpoints: [] },
  '00000000' + // throttleTimeMs
    '007a' + // errorCode = 122 SHARE_SESSION_NOT_FOUND
    '03' + NO + // errorMessage = "no"
    '01' + // responses: 0
    '01' + // nodeEndpoints: 0
    '00', // tagged fields: none
);
