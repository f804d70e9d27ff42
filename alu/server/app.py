"""The FastAPI app behind `alu serve`: OpenAI-compatible chat completions through the unlearning pipeline.

The app keeps no state of its own: targets live in the store, so replicas pointed at one Chroma server
enforce the same targets. Every answer is audited before its first byte leaves (streamed or not), and the
unaudited `Result.vanilla` is never sent."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from openai import BadRequestError, UnprocessableEntityError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message

from alu import deadline
from alu.errors import (
    ConfigError,
    DeadlineExceeded,
    InvalidTargetError,
    ModelError,
    RecordsError,
    StoreError,
    StoreUnavailableError,
    TargetNotFoundError,
)
from alu.model_names import check_model
from alu.openai_shapes import response_payload, stream_payloads
from alu.records.entry import entry_point
from alu.sdk import Unlearner
from alu.server import wire
from alu.server.auth import LoopbackHostOnly, TokenCheck, bearer
from alu.server.limits import BodyLimit, RateLimit, WorkSlots
from alu.server.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from alu.server.metrics import Metrics
from alu.server.schemas import ChatCompletionRequest, ForgetOptions, TargetIn, TargetsIn
from alu.types import Result

log = logging.getLogger(__name__)
DEFAULT_ALIAS = "alu"


@dataclass
class ServerConfig:
    """How one server process behaves; the Unlearner's settings decide how it answers."""

    tokens: list[str] = field(default_factory=list)
    """Bearer tokens that may ask; none (and no admin tokens) means an open server."""
    admin_tokens: list[str] = field(default_factory=list)
    """Bearer tokens that may also list, add and withdraw targets; defaults to `tokens`."""
    allow_models: list[str] = field(default_factory=list)
    """Extra models a request may name: litellm strings, or NAME=MODEL to serve MODEL under NAME."""
    max_body_bytes: int = 1_000_000
    request_timeout_s: float = 120.0
    """Longest a chat completion may take, audit included; after it the client gets 504."""
    body_timeout_s: float = 30.0
    """Longest a client may take to send its request body; after it the client gets 408."""
    rate_per_minute: float = 0.0
    """Chat completions per minute per token (per client address on an open server); 0: no limit."""
    max_concurrent: int = 32
    """Chat completions answered at once; more get 503 (server_busy) at once instead of queueing behind
    CPU-bound screening, so /healthz and the clients being served stay responsive."""
    read_only: str | None = None
    """Why this process must not change targets (a worker over a local store, see alu.server.workers):
    adding or withdrawing then gets 409 with this reason."""
    loopback_hosts_only: bool = True
    """Without tokens, answer only requests whose Host header is a loopback name (DNS rebinding). Turned
    off by `--allow-unauthenticated`, where a proxy in front authenticates and forwards its own Host."""
    shared_metrics: str | None = None
    """The folder where every worker process of one server writes its counts, so that /metrics reports the
    whole server (set by alu.server.workers; see alu.server.metrics). None: this process's counts."""


class APIError(Exception):
    """An error the client caused or must know about, sent as an OpenAI-style error body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param
        self.headers = headers


def served_models(default: str, allow: list[str]) -> dict[str, str | None]:
    """Names a request's `model` may use, mapped to the litellm model (None: the Unlearner's default)."""
    models: dict[str, str | None] = {DEFAULT_ALIAS: None, default: None}
    for item in allow:
        name, _, target = item.partition("=") if "=" in item else (item, "", item)
        name, target = name.strip(), target.strip()
        if not name or not target:
            raise ConfigError(f"--allow-model {item!r}: use MODEL or NAME=MODEL")
        check_model(target)
        models[name] = None if target == default else target
    return models


def create_app(unlearner: Unlearner, config: ServerConfig | None = None) -> Any:
    """The ASGI app: FastAPI routes wrapped in the metrics and body-size middleware."""
    config = config or ServerConfig()
    if unlearner.settings.fail_policy == "vanilla":
        raise ConfigError(
            "alu serve never returns unaudited answers: fail_policy 'vanilla' is not allowed here "
            "(use 'refuse', the default, or 'raise')"
        )
    models = served_models(unlearner.settings.model, config.allow_models)
    auth = TokenCheck(config.tokens, config.admin_tokens)
    metrics = Metrics(config.shared_metrics)
    guards = _Guards(auth, config)
    api = FastAPI(title="alu", version="0.1.0", docs_url=None, redoc_url=None, openapi_url=None)
    _errors(api, guards)
    _health_routes(api, unlearner, metrics, guards)
    _chat_routes(api, unlearner, config, models, metrics, guards)
    _target_routes(api, unlearner, guards)
    _target_write_routes(api, unlearner, guards)
    app: Any = BodyLimit(api, config.max_body_bytes, config.body_timeout_s)
    if auth.open and config.loopback_hosts_only:
        app = LoopbackHostOnly(app)
    return _Metered(app, metrics)


class _Guards:
    """The routes' checks, as FastAPI dependencies. They are async: FastAPI runs a plain `def` dependency in
    its thread pool (a hop per request)."""

    def __init__(self, auth: TokenCheck, config: ServerConfig) -> None:
        self.auth, self.config = auth, config
        self.limiter = RateLimit(config.rate_per_minute) if config.rate_per_minute > 0 else None

    async def client(self, authorization: Annotated[str | None, Header()] = None) -> None:
        if not self.auth.allows(authorization):
            raise APIError(401, "missing or invalid bearer token", code="invalid_api_key")

    async def within_rate(
        self, request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> None:
        """On the event loop (not the thread pool), so the buckets need no lock."""
        if self.limiter is None:
            return
        token = bearer(authorization)
        caller = f"token {token}" if token else f"address {request.client.host if request.client else '?'}"
        wait = math.ceil(self.limiter.wait_s(hashlib.sha256(caller.encode()).hexdigest()))
        if wait > 0:
            raise APIError(
                429,
                f"more than {self.config.rate_per_minute:g} chat completions per minute; retry in {wait}s",
                code="rate_limit_exceeded",
                headers={"Retry-After": str(wait)},
            )

    async def admin(self, authorization: Annotated[str | None, Header()] = None) -> None:
        if not self.auth.allows(authorization):
            raise APIError(401, "missing or invalid bearer token", code="invalid_api_key")
        if not self.auth.allows(authorization, admin=True):
            raise APIError(403, "managing targets needs an admin token", code="insufficient_permissions")

    async def before_body(self, request: Request) -> None:
        """The route's token check, for a request whose body failed to parse: FastAPI parses the JSON before
        it runs a route's dependencies, so without this a caller with no token learned that its body was
        malformed (400) before it learned that it may not call at all (401)."""
        authorization = request.headers.get("authorization")
        if request.url.path.startswith("/v1/targets"):
            await self.admin(authorization)
        elif request.url.path != "/healthz":
            await self.client(authorization)

    async def writer(self, authorization: Annotated[str | None, Header()] = None) -> None:
        await self.admin(authorization)
        if self.config.read_only:
            raise APIError(409, self.config.read_only, code="read_only_store")


def _health_routes(api: FastAPI, unlearner: Unlearner, metrics: Metrics, guards: _Guards) -> None:
    """GET /healthz (open, for load balancers) and GET /metrics."""
    health_pool = ThreadPoolExecutor(1, thread_name_prefix="alu-healthz")  # never queued behind answers

    @api.get("/healthz")
    async def healthz() -> JSONResponse:
        """Liveness and store reachability, without authentication (for load balancers)."""
        try:
            await asyncio.get_running_loop().run_in_executor(health_pool, unlearner.count)
        except StoreError:
            return JSONResponse({"status": "unavailable", "store": "unreachable"}, 503)
        return JSONResponse({"status": "ok"})

    @api.get("/metrics", dependencies=[Depends(guards.client)])
    async def metrics_text() -> Response:
        return Response(metrics.render(), media_type=METRICS_CONTENT_TYPE)


def _chat_routes(
    api: FastAPI,
    unlearner: Unlearner,
    config: ServerConfig,
    models: dict[str, str | None],
    metrics: Metrics,
    guards: _Guards,
) -> None:
    """GET /v1/models, GET /v1/models/ID and POST /v1/chat/completions."""
    slots = WorkSlots(config.max_concurrent)

    @api.get("/v1/models", dependencies=[Depends(guards.client)])
    async def list_models() -> dict[str, Any]:
        return {"object": "list", "data": [_model_card(name) for name in models]}

    @api.get("/v1/models/{model_id:path}", dependencies=[Depends(guards.client)])
    async def retrieve_model(model_id: str) -> dict[str, Any]:
        """One served model (`client.models.retrieve`); ids hold slashes ('openai/gpt-4o-mini')."""
        if model_id not in models:
            raise APIError(
                404,
                f"the model {model_id!r} does not exist here; GET /v1/models lists the served models",
                code="model_not_found",
                param="model",
            )
        return _model_card(model_id)

    @api.post("/v1/chat/completions", dependencies=[Depends(guards.client), Depends(guards.within_rate)])
    async def chat_completions(body: ChatCompletionRequest, request: Request) -> Any:
        if body.model not in models:
            raise APIError(
                404,
                f"the model {body.model!r} does not exist here; GET /v1/models lists the served models",
                code="model_not_found",
                param="model",
            )
        started = time.perf_counter()
        if not slots.take():
            raise APIError(
                503,
                f"the server is answering {config.max_concurrent} requests already; retry shortly",
                code="server_busy",
                headers={"Retry-After": "1"},
            )
        try:
            result = await _audited_answer(
                unlearner, body, models[body.model], config.request_timeout_s, request.receive
            )
        finally:
            slots.release()
        metrics.answer(result.path, body.stream, time.perf_counter() - started)
        log.info("chat completion: path=%s ms=%.0f stream=%s", result.path, result.ms, body.stream)
        return _completion_response(result, body)


def _model_card(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 0, "owned_by": "alu"}


async def _audited_answer(
    unlearner: Unlearner,
    body: ChatCompletionRequest,
    model: str | None,
    timeout_s: float,
    receive: Callable[[], Awaitable[Message]],
) -> Result:
    """The pipeline's answer to a request, or the APIError its failure maps to (fail closed: a failed
    answer's refusal is never sent as if it were an answer). `receive`: the request's ASGI channel, which
    says when the client hangs up."""

    async def answer() -> Result:
        with deadline.deadline(timeout_s) as limit:  # screening threads stop at it too
            work = asyncio.ensure_future(
                unlearner.achat(
                    body.plain_messages(),
                    model=model,
                    defaults=False,  # the client's options only, as the model would get them unwrapped
                    screen_system=True,
                    **body.completion_options(),
                )
            )
            return await _unless_client_leaves(work, receive, limit)

    try:
        with entry_point("server"):
            result = await asyncio.wait_for(answer(), timeout_s)
    except _ClientLeft:
        raise APIError(499, "the client closed the connection", code="client_closed") from None
    except (asyncio.TimeoutError, DeadlineExceeded):
        raise APIError(504, f"no audited answer within {timeout_s:g}s", code="timeout") from None
    except StoreUnavailableError:
        message = "the forget store is unreachable; retry later"
        raise APIError(503, message, code="store_unavailable") from None
    except StoreError:
        raise APIError(503, "the forget store failed; retry later", code="store_error") from None
    except ModelError as exc:  # fail_policy 'raise'
        rejected = _rejected_request(exc, answering=str(exc).startswith(f"{VANILLA}:"))
        failed = APIError(502, "the model failed and no audited answer exists", code="model_error")
        raise (rejected or failed) from None
    except ValueError as exc:  # bad messages (the SDK validates them) or a model it cannot route
        raise APIError(400, str(exc), param="messages") from None
    if result.error:
        log.warning("chat completion failed: %s", result.error)
        answering = any(t.node == VANILLA and t.outcome == "failed" for t in result.trace)
        rejected = _rejected_request(result.exception, answering=answering)
        raise rejected or APIError(502, f"no audited answer: {result.error}", code="model_error")
    return result


VANILLA = "vanilla"
"""The pipeline's node (and its model call's role) that answers: the one call that carries the client's
options."""
CLIENT_ERRORS = (BadRequestError, UnprocessableEntityError)
"""What a provider answers a request it will not take as sent (400, 422): an option the model does not
support, a prompt over its context window, content it refuses to read. litellm's classes subclass these."""


def _rejected_request(failure: ModelError | None, *, answering: bool) -> APIError | None:
    """A 400 when the model rejected the request as the client sent it: the answering call failed with one of
    CLIENT_ERRORS, as `alu.completion` raises it and the provider itself answers it. None for every other
    failure (a key, an outage, an auditing agent's call: the server's side, 502)."""
    cause = failure.__cause__ if failure is not None else None
    if not answering or not isinstance(cause, CLIENT_ERRORS):
        return None
    why = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
    return APIError(400, f"the model rejected the request: {why}", code="model_rejected_request")


class _ClientLeft(Exception):
    """The client hung up before its answer was ready."""


async def _unless_client_leaves(
    work: asyncio.Future[Result], receive: Callable[[], Awaitable[Message]], limit: deadline.Deadline | None
) -> Result:
    """The work's result, unless the client hangs up first: then the work stops (its task is cancelled and
    its screening threads end at their next deadline check) and its slot frees at once. Kept running, 32
    clients that gave up held every slot until the request timeout and the server answered others 503."""
    left = asyncio.ensure_future(_hung_up(receive))
    try:
        done, _ = await asyncio.wait({work, left}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not work.done() and limit is not None:
            limit.expire()
        for task in (work, left):
            task.cancel()
    if work in done:
        return work.result()
    raise _ClientLeft


async def _hung_up(receive: Callable[[], Awaitable[Message]]) -> None:
    """Returns when the connection closes (the body was read already: the next message is the disconnect)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _completion_response(result: Result, body: ChatCompletionRequest) -> Any:
    """The OpenAI-shaped answer: one JSON body, or server-sent events when the client asked to stream."""
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        payload = response_payload(result, body.model, body.response_format)
        chunks = wire.sse(stream_payloads(payload, {"include_usage": include_usage}))
        return StreamingResponse(chunks, media_type="text/event-stream")
    # plain JSON types: no encoder pass
    return JSONResponse(response_payload(result, body.model, body.response_format))


def _target_routes(api: FastAPI, unlearner: Unlearner, guards: _Guards) -> None:
    """GET /v1/targets and GET /v1/targets/NAME/report (admin tokens)."""

    @api.get("/v1/targets", dependencies=[Depends(guards.admin)])
    async def list_targets(
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        targets = await asyncio.to_thread(unlearner.targets)
        targets.sort(key=lambda t: (t.created_at, t.name))
        page = targets[offset : offset + limit]
        return {
            "object": "list",
            "total": len(targets),
            "data": [{"id": t.id, **t.model_dump(mode="json")} for t in page],
        }

    @api.get("/v1/targets/{name:path}/report", dependencies=[Depends(guards.admin)])
    async def target_report(name: str, format: Annotated[str, Query()] = "json") -> Any:
        """The erasure report (alu.records.report): JSON by default, `?format=md` or `?format=html`."""
        from alu.records import report

        if format not in ("json", "md", "html"):
            raise APIError(400, "format must be json, md or html", param="format")
        try:
            data = await asyncio.to_thread(report.of, unlearner, name)
        except TargetNotFoundError:
            raise APIError(404, "no forget target or records by that name", code="target_not_found") from None
        except RecordsError as exc:
            raise APIError(503, str(exc), code="records_unavailable") from None
        if format == "json":
            return data
        media = "text/html; charset=utf-8" if format == "html" else "text/markdown; charset=utf-8"
        return PlainTextResponse(report.render(data, format), media_type=media)


def _target_write_routes(api: FastAPI, unlearner: Unlearner, guards: _Guards) -> None:
    """POST /v1/targets and DELETE /v1/targets/NAME (admin tokens; 409 on a read-only worker)."""

    @api.post("/v1/targets", dependencies=[Depends(guards.writer)])
    async def add_targets(body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        """One target (`{"name": ...}`) or many (`{"targets": [...]}`), all checked before any is written;
        `retain` and `replace` beside them, as `forget_many` takes them."""
        try:
            options, rest = ForgetOptions.split(body)
            items = (
                TargetsIn.model_validate(rest).targets
                if "targets" in rest
                else [TargetIn.model_validate(rest)]
            )
        except ValidationError as exc:
            message, param = validation_message(exc.errors())
            raise APIError(400, message, param=param) from None
        try:
            report = await asyncio.to_thread(
                unlearner.forget_many,
                [t.as_target() for t in items],
                replace=options.replace,
                retain=options.retain,
            )
        except InvalidTargetError as exc:
            raise APIError(400, str(exc), param="targets") from None
        log.info("targets: %d added, %d already present", len(report.added), len(report.skipped))
        return {
            "object": "targets.added",
            "added": report.added,
            "merged": report.merged,  # new material merged into a stored target of that name
            "replaced": report.replaced,  # `replace`: the stored one replaced
            "skipped": report.skipped,
            "expanded": report.expanded,
            "not_expanded": report.not_expanded,  # name -> why: stored, but its expansion call failed
        }

    @api.delete("/v1/targets/{name:path}", dependencies=[Depends(guards.writer)])
    async def withdraw_target(name: str, by: Literal["name", "id"] = "name") -> dict[str, Any]:
        """By name (any case or spacing); `?by=id` reads the path as a target id instead."""
        key = {"id": name} if by == "id" else {"name": name}
        try:
            target = await asyncio.to_thread(lambda: unlearner.withdraw(**key))
        except TargetNotFoundError:
            raise APIError(404, f"no forget target with that {by}", code="target_not_found") from None
        log.info("targets: one withdrawn")
        return {"object": "target.deleted", "id": target.id, "name": target.name, "deleted": True}


def _errors(api: FastAPI, guards: _Guards) -> None:
    """Every error leaves as an OpenAI-style body with a specific status; none as a traceback."""

    @api.exception_handler(APIError)
    async def api_error(_: Request, exc: APIError) -> JSONResponse:
        response = wire.error_response(exc.status, exc.message, code=exc.code, param=exc.param)
        response.headers.update(exc.headers or {})
        return response

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        try:
            await guards.before_body(request)
        except APIError as refused:
            return await api_error(request, refused)
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return wire.error_response(400, "the request body is not valid JSON", code="invalid_json")
        first = errors[0] if errors else {}
        if tuple(first.get("loc", ())) == ("body",) and first.get("type") in NOT_AN_OBJECT:
            message = "the request body must be a JSON object sent as Content-Type: application/json"
            return wire.error_response(400, message, code="invalid_body")
        message, param = validation_message(errors)
        return wire.error_response(400, message, param=param)

    @api.exception_handler(StoreError)
    async def store_down(_: Request, exc: StoreError) -> JSONResponse:
        code = "store_unavailable" if isinstance(exc, StoreUnavailableError) else "store_error"
        return wire.error_response(503, "the forget store failed; retry later", code=code)

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = {404: "no such endpoint", 405: "method not allowed on this endpoint"}.get(
            exc.status_code, str(exc.detail)
        )
        return wire.error_response(exc.status_code, message)

    @api.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        # logged by _Metered, by class name only: the message may quote user text
        return wire.error_response(500, "internal server error", code="internal_error")


NOT_AN_OBJECT = {"model_attributes_type", "dict_type", "model_type"}


def validation_message(errors: Sequence[Any]) -> tuple[str, str | None]:
    """One line for the first problem (`field.path: what is wrong`), and the field as OpenAI's `param`."""
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return (f"{where}: {message}" if where else message) + more, where or None


class _Metered:
    """Outermost ASGI layer: counts every request (413s included) by route template and status."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, sent = time.perf_counter(), 500, False

        async def watch(message: dict[str, Any]) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status, sent = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # Starlette re-raises after its 500 handler ran; keep tracebacks out of logs
            if not sent:
                await wire.error_response(500, "internal server error", code="internal_error")(
                    scope, receive, send
                )
                status = 500
            log.error("internal error: %s", exc.__class__.__name__)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.request(route, scope["method"], status, time.perf_counter() - started)
