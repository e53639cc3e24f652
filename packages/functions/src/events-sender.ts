// placeholder: replaced by the events branch
export const handler = async () => ({ batchItemFailures: [] });
