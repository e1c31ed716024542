export * from './bus.ts';
export { createAmqpBus, type AmqpBus, type AmqpBusOptions } from './amqp.bus.ts';
export { deliveryCountOf, queueArguments } from './amqp.consumer.ts';
export { createInProcessBus, type InProcessBus, type InProcessBusOptions } from './in-process.bus.ts';
export { DEFAULT_PREFETCH, deadLetterQueue, queueFamily, retryQueue } from './shared.ts';
export * from './failure.ts';
export { isTopicPattern, topicMatches } from './topic.ts';
export { inOrderPer } from './in-order.ts';
export { bridgeBus, type BridgePort, type ThreadBridgeOptions } from './thread-bridge.ts';
