"""Starts moto_server the way Shop's local environment needs it.

Nine things differ from a plain `moto_server`:

1. Step Functions executes state machine definitions (moto's ASL interpreter) instead of
   answering with canned results; its Lambda tasks reach Shop's edge through MOTO_PORT.
2. moto 5.2.1 deep-copies a state machine, past executions included, on every StartExecution.
   Those executions hold locks, so the second execution of any state machine fails with
   "cannot pickle '_thread.RLock' object". The copy made here shares the execution list and
   the backend with the original instead of copying them. A test runs one state machine
   several times, so an upgrade that changes this is noticed.
3. StartExecution without a name gets a UUID, as in AWS (moto names it "None", so the second
   unnamed execution would collide with the first).
4. AdminUserGlobalSignOut revokes refresh tokens however the user signed in (moto matches the
   name given at sign-in only, so a sign-out by sub leaves email sessions alive).
5. DynamoDB item operations run one at a time. moto's TransactWriteItems rolls a failed
   transaction back by restoring a copy of every table taken before it began, which under
   concurrent requests (the server is threaded) undoes other clients' writes or keeps a failed
   transaction's items, and a read can see half a transaction; AWS serialises conflicting
   writes per item and isolates transactions from reads. One lock around every item operation
   gives the outcome AWS gives.
6. A failed TransactWriteItems undoes its own writes, quickly, and keeps the table's stream.
   moto deep-copies every table a transaction names (seconds each once a catalog is loaded) and
   on failure swaps the copies in, orphaning the stream shard the indexer reads. Here only the
   items the transaction names are saved and put back, and the stream is cut back to its length
   before the transaction, so nothing a failed transaction did appears in the stream, as in AWS.
7. The server exits when its parent (Shop.Local) goes away, so a killed supervisor leaves no
   emulator behind.
8. A DynamoDB Query on the table's key lists its partition only; moto lists and sorts the whole
   table for every Query (a tenth of a second each at 100,000 items, under the lock of 5).
9. With SHOP_MOTO_PROFILE=FILE, a sampler writes where moto's threads spend their time to FILE.

Usage: launch_moto.py PORT  (the edge's port must be in MOTO_PORT)
"""

import copy
import os
import sys
import threading
import time


def share_executions_on_copy() -> None:
    from moto.stepfunctions import models as sfn_models

    shared = ("executions", "backend")

    def deepcopy_sharing_executions(self, memo):
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            setattr(clone, name, value if name in shared else copy.deepcopy(value, memo))
        return clone

    sfn_models.StateMachineInstance.__deepcopy__ = deepcopy_sharing_executions


def name_unnamed_executions() -> None:
    """StartExecution without a name gets a UUID in AWS; moto 5.2.1 names it "None", so a second one collides."""
    import uuid

    from moto.stepfunctions.parser import models as parser_models

    original = parser_models.StepFunctionsParserBackend.start_execution

    def start_execution(self, state_machine_arn, name=None, *args, **kwargs):
        return original(self, state_machine_arn, name or str(uuid.uuid4()), *args, **kwargs)

    parser_models.StepFunctionsParserBackend.start_execution = start_execution


def sign_out_by_any_username() -> None:
    """AdminUserGlobalSignOut by a user's sub must end sessions that signed in with their email.

    moto 5.2.1 compares the name given to the sign-out with the name used at sign-in, so for a
    pool that signs in by email the refresh tokens survive. AWS revokes them.
    """
    from moto.cognitoidp import models as cognito

    def sign_out(self, username):
        user = self._get_user(username)
        for token, session in list(self.refresh_tokens.items()):
            if session is not None and self._get_user(session[1]) is user:
                self.refresh_tokens[token] = None
        for token, (_, signed_in_as) in list(self.access_tokens.items()):
            if self._get_user(signed_in_as) is user:
                self.access_tokens.pop(token)

    cognito.CognitoIdpUserPool.sign_out = sign_out


def roll_back_transactions_item_by_item() -> None:
    """A failed transaction undoes its own writes only, and keeps the table's stream.

    moto 5.2.1 deep-copies every table a TransactWriteItems names before it starts, and on failure
    puts the copies in place of the live tables. The copy costs time in proportion to the table
    (seconds per transaction once a catalog is loaded), and the swap orphans the stream shard that
    open iterators (the indexer's event source mapping) read, so the stream looks empty forever.
    Here the copy is skipped: the items the transaction names are saved before it runs (every item
    operation holds the lock of serialise_dynamodb_item_operations, so nothing else writes
    meanwhile) and put back on failure, and the stream is cut back to its length before the
    transaction, so nothing a failed transaction did appears, as in AWS.
    """
    import types

    from moto.dynamodb import models as dynamodb
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    def deepcopy_except_tables(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    dynamodb.copy = types.SimpleNamespace(deepcopy=deepcopy_except_tables)
    original = dynamodb.DynamoDBBackend.transact_write_items

    def key_of(table, op_type, op):
        attrs = op.get("Item") if op_type == "Put" else op.get("Key")
        if not attrs or table.hash_key_attr not in attrs:
            return None
        hash_key = DynamoType(attrs[table.hash_key_attr])
        range_key = DynamoType(attrs[table.range_key_attr]) if table.has_range_key and table.range_key_attr in attrs else None
        return hash_key, range_key

    def transact_write_items(self, transact_items, *args, **kwargs):
        saved = []
        shards = {}
        for entry in transact_items:
            if len(entry) != 1:
                continue
            op_type, op = next(iter(entry.items()))
            table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            if table is None:
                continue
            if table.stream_shard is not None and id(table) not in shards:
                shards[id(table)] = (table.stream_shard, len(table.stream_shard.items))
            key = key_of(table, op_type, op)
            if key is not None:
                hash_key, range_key = key
                before = table.get_item(hash_key, range_key) if (range_key is not None or not table.has_range_key) else None
                saved.append((table, hash_key, range_key, copy.deepcopy(before)))
        try:
            return original(self, transact_items, *args, **kwargs)
        except BaseException:
            for table, hash_key, range_key, before in reversed(saved):
                if range_key is None:
                    if before is None:
                        table.items.pop(hash_key, None)
                    else:
                        table.items[hash_key] = before
                elif before is None:
                    table.items.get(hash_key, {}).pop(range_key, None)
                else:
                    table.items[hash_key][range_key] = before
            for shard, length in shards.values():
                del shard.items[length:]
            raise

    dynamodb.DynamoDBBackend.transact_write_items = transact_write_items


def query_one_partition() -> None:
    """A Query on the table's own key reads its partition, not the whole table.

    moto 5.2.1 answers every Query by listing and sorting every item of the table, then keeping
    those of the partition: O(n log n) per call, and with item operations serialised, every other
    caller waits meanwhile. Once an import or a bench has put 100,000 items, each Query costs a
    tenth of a second of the emulator's one core. Here a Query without an index lists only its
    partition (the items moto keeps under that hash key), sorted as moto sorts them; what it does
    with them after is moto's own code. Queries on an index still scan, as moto keeps no index.
    """
    from moto.dynamodb.models import table as table_module

    Table = table_module.Table
    scope = threading.local()
    list_everything = Table.all_items
    query = Table.query

    def all_items(self):
        partition = getattr(scope, "partition", None)
        if partition is None or partition[0] is not self:
            return list_everything(self)
        found = self.items.get(partition[1])
        if found is None:
            return []
        items = list(found.values()) if self.range_key_attr else [found]
        return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)

    def query_partition(self, hash_key, *args, **kwargs):
        index_name = kwargs["index_name"] if "index_name" in kwargs else (args[6] if len(args) > 6 else None)
        if index_name or hash_key is None:
            return query(self, hash_key, *args, **kwargs)
        scope.partition = (self, hash_key)
        try:
            return query(self, hash_key, *args, **kwargs)
        finally:
            scope.partition = None

    Table.all_items = all_items
    Table.query = query_partition


def serialise_dynamodb_item_operations() -> None:
    """Every DynamoDB item read and write holds one lock: transactions are isolated, as in AWS."""
    import functools
    import threading

    from moto.dynamodb import models as dynamodb

    lock = threading.RLock()

    def locked(method):
        @functools.wraps(method)
        def call(*args, **kwargs):
            with lock:
                return method(*args, **kwargs)

        return call

    for name in ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items",
                 "execute_transaction", "batch_execute_statement", "execute_statement",
                 "get_item", "batch_get_item", "transact_get_items", "query", "scan"):
        if hasattr(dynamodb.DynamoDBBackend, name):
            setattr(dynamodb.DynamoDBBackend, name, locked(getattr(dynamodb.DynamoDBBackend, name)))


def execute_state_machines() -> None:
    from moto.core.config import default_user_config

    default_user_config["stepfunctions"]["execute_state_machine"] = True
    # Lambda is served by Shop's edge, never by moto's Docker-based runner.
    default_user_config["lambda"]["use_docker"] = False


def exit_with_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def sample_stacks_when_asked() -> None:
    """With SHOP_MOTO_PROFILE=FILE, where moto's threads spend their time, for finding what makes it slow.

    A daemon thread samples every thread's stack every 5 ms and rewrites FILE every 10 s with the
    functions seen most (anywhere on a stack, and on top). Off unless the variable is set.
    """
    target = os.environ.get("SHOP_MOTO_PROFILE")
    if not target:
        return
    import collections

    inclusive: collections.Counter = collections.Counter()
    top: collections.Counter = collections.Counter()
    me = threading.get_ident()

    def sample() -> None:
        samples = 0
        written = time.monotonic()
        while True:
            time.sleep(0.005)
            for ident, frame in sys._current_frames().items():
                if ident == me or frame.f_code.co_name in ("wait", "select", "accept", "_recv_into", "readinto", "sleep", "watch"):
                    continue
                samples += 1
                seen = set()
                first = True
                while frame is not None:
                    name = f"{frame.f_code.co_filename.split('site-packages/')[-1]}:{frame.f_code.co_name}"
                    if first:
                        top[name] += 1
                        first = False
                    if name not in seen:
                        inclusive[name] += 1
                        seen.add(name)
                    frame = frame.f_back
            if time.monotonic() - written > 10:
                written = time.monotonic()
                with open(target, "w", encoding="utf-8") as out:
                    out.write(f"samples {samples}\n\n# on top\n")
                    out.writelines(f"{n:8d} {name}\n" for name, n in top.most_common(40))
                    out.write("\n# anywhere on the stack\n")
                    out.writelines(f"{n:8d} {name}\n" for name, n in inclusive.most_common(80))

    threading.Thread(target=sample, name="stack-sampler", daemon=True).start()


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: launch_moto.py PORT")
    if not os.environ.get("MOTO_PORT"):
        sys.exit("MOTO_PORT must name the edge's port, where moto's Step Functions tasks call Lambda")
    share_executions_on_copy()
    name_unnamed_executions()
    sign_out_by_any_username()
    roll_back_transactions_item_by_item()
    query_one_partition()
    serialise_dynamodb_item_operations()
    execute_state_machines()
    exit_with_parent()
    sample_stacks_when_asked()

    from moto.server import main as moto_main

    moto_main(["--host", "127.0.0.1", "--port", sys.argv[1]])


if __name__ == "__main__":
    main()
