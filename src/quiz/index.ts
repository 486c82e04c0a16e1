/** The quiz's logic, free of chat: what the dialogs, the dashboard and the officer CLI use. */
export { dayIn, roundStatus, openContestRounds, nextOpening, practiceQuiz, type Day, type RoundStatus } from './availability';
export { DAILY_COLLECTION, recordCompletion, recordStart } from './aggregates';
export { GROUP_COLLECTION, leaderboard, recordGroupResult, type Leaderboard, type LeaderboardRow } from './leaderboard';
export { PRIZE_COLLECTION, issuePrizeCode, redeemPrizeCode, verifyPrizeCode, type PrizeCheck, type PrizeRecord } from './prize-codes';
export { quizStats, type Misconception, type QuizStats, type RoundStats, type StatsOptions } from './stats';
export { attemptOrder, mulberry32, shuffle } from './shuffle';
