export { MyOnCallShifts } from './MyOnCallShifts';
export { MyTeamsServices } from './MyTeamsServices';
